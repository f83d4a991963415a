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
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if version_id:
            kwargs["VersionId"] = version_id
        if max_bytes is not None:
            kwargs["Range"] = f"bytes=0-{max_bytes}"
        body = client("s3").get_object(**kwargs)["Body"]
        try:
            data: bytes = body.read()
        finally:
            body.close()
        return data


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

    def presigned_get(self, key: str, *, expires_in: int = 900, content_type: str | None = None) -> str:
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if content_type:
            params["ResponseContentType"] = content_type
        url: str = client("s3").generate_presigned_url("get_object", Params=params, ExpiresIn=expires_in)
        return url
