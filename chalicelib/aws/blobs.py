"""S3 behind a small interface: put, get (bounded), delete, presigned POST and GET."""

from __future__ import annotations

from typing import Any

from chalicelib.aws.clients import client


class BlobStore:
    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        client("s3").put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    def get(self, key: str, *, max_bytes: int | None = None, version_id: str | None = None) -> bytes:
        """Read an object; with max_bytes, read at most max_bytes + 1 so an oversize file is detectable."""
        return self.get_version(key, max_bytes=max_bytes, version_id=version_id)[0]

    def get_version(self, key: str, *, max_bytes: int | None = None,
                    version_id: str | None = None) -> tuple[bytes, str | None]:
        """An object's bytes and the version they are (the newest unless `version_id` names one)."""
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if version_id:
            kwargs["VersionId"] = version_id
        if max_bytes is not None:
            kwargs["Range"] = f"bytes=0-{max_bytes}"
        response = client("s3").get_object(**kwargs)
        body = response["Body"]
        try:
            data: bytes = body.read()
        finally:
            body.close()
        version = response.get("VersionId")
        return data, (str(version) if version and version != "null" else None)


    def version_with_etag(self, key: str, etag: str) -> str | None:
        """The id of the object version with this ETag (S3 notifications always carry the ETag; moto's carry no
        version id), so the version a notification announced can be read even after a later write."""
        versions = client("s3").list_object_versions(Bucket=self.bucket, Prefix=key).get("Versions", [])
        matching = [v for v in versions if v["Key"] == key and v.get("ETag", "").strip('"') == etag.strip('"')]
        oldest = min(matching, key=lambda v: v["LastModified"], default=None)
        return str(oldest["VersionId"]) if oldest and oldest.get("VersionId") not in (None, "null") else None

    def tag(self, key: str, tags: dict[str, str]) -> None:
        client("s3").put_object_tagging(Bucket=self.bucket, Key=key, Tagging={
            "TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]})

    def delete(self, key: str) -> None:
        client("s3").delete_object(Bucket=self.bucket, Key=key)

    def delete_all_versions(self, key: str) -> None:
        s3 = client("s3")
        versions = s3.list_object_versions(Bucket=self.bucket, Prefix=key)
        for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
            if entry["Key"] == key:
                s3.delete_object(Bucket=self.bucket, Key=key, VersionId=entry["VersionId"])

    def presigned_post(self, key: str, *, content_type: str, max_bytes: int, expires_in: int) -> dict[str, Any]:
        post: dict[str, Any] = client("s3").generate_presigned_post(
            Bucket=self.bucket, Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=expires_in,
        )
        return post

    def presigned_get(self, key: str, *, expires_in: int = 900, content_type: str | None = None,
                      version_id: str | None = None, download_as: str | None = None) -> str:
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if content_type:
            params["ResponseContentType"] = content_type
        if version_id:
            params["VersionId"] = version_id
        if download_as:
            params["ResponseContentDisposition"] = f'attachment; filename="{download_as}"'
        url: str = client("s3").generate_presigned_url("get_object", Params=params, ExpiresIn=expires_in)
        return url
