"""The deployable template, deployed into moto's CloudFormation, runs: its API function answers health and a
signed-in request.

What moto cannot do, and what stands in for it: moto's CloudFormation does not run the SAM transform, so the
template is transformed here with aws-sam-translator, as CloudFormation would; it has no Cognito and ignores a
REST API's definition, so those are created through the service APIs first (chalicelib/local/cloud.py
deploy_template); and moto cannot invoke a Lambda function without Docker, so the function's code and layer,
as deployed, run in a fresh Python process with the function's deployed environment and an API Gateway event,
the claims in it being those of a token the deployed user pool signed and the authorizer's checks (signature,
expiry, scope) made here as API Gateway makes them.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "infra" / "build"
STACK = "registry-deployed"

RUN_HANDLER = """
import json, sys
import app
event = json.loads(sys.stdin.read())
class Context:
    function_name = "APIHandler"; memory_limit_in_mb = 1024; aws_request_id = "req-1"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:APIHandler"
    def get_remaining_time_in_millis(self): return 30000
print(json.dumps(app.app(event, Context())))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    import os

    from moto.server import ThreadedMotoServer
    from samtranslator.translator.transform import transform

    from chalicelib.local.cloud import LocalSession, deploy_template
    from tests.integration.conftest import built_template

    template = yaml.safe_load(built_template().read_text())
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(props.get(key), str):
                props[key] = f"s3://deployments/{Path(props[key]).name}"

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    plain = transform(template, {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012",
                                 "AWS::Partition": "aws"}, NoManagedPolicies())
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    saved = dict(os.environ)
    os.environ.update({"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                       "AWS_DEFAULT_REGION": "us-east-1"})
    try:
        session = LocalSession(endpoint)
        s3 = session.client("s3")
        s3.create_bucket(Bucket="deployments")
        for name in ("deployment.zip", "layer-deployment.zip"):
            s3.upload_file(str(BUILD / name), "deployments", name)
        outputs = deploy_template(session, STACK, plain, {"PublicBaseUrl": "https://registry.example.gov",
                                                          "AlarmEmail": "oncall@example.gov"})
        code = tmp_path_factory.mktemp("lambda")
        # Lambda unpacks every layer of a function into the same /opt.
        for name, target in (("deployment.zip", code / "task"), ("layer-deployment.zip", code / "opt"),
                             ("fonts-layer.zip", code / "opt")):
            with zipfile.ZipFile(BUILD / name) as archive:
                archive.extractall(target)
        yield {"session": session, "endpoint": endpoint, "outputs": outputs, "code": code, "plain": plain}
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.stop()


def _run_in_api_function(deployed: dict[str, Any], program: str, stdin: str = "") -> str:
    """Run Python as the deployed API function would run: its code and layers only, its deployed environment
    (a path under /opt read where this test unpacked the layers)."""
    session = deployed["session"]
    config = session.client("lambda").get_function_configuration(FunctionName=f"{STACK}-APIHandler")
    assert config["Handler"] == "app.app"
    code = deployed["code"]
    env = {**{k: str(v).replace("/opt/", f"{code / 'opt'}/") for k, v in config["Environment"]["Variables"].items()},
           "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_REGION": "us-east-1",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": deployed["endpoint"],
           "POWERTOOLS_TRACE_DISABLED": "true", "LANG": "C.UTF-8",
           "PYTHONPATH": f"{code / 'task'}:{code / 'opt' / 'python' / 'lib' / 'python3.13' / 'site-packages'}"}
    result = subprocess.run([sys.executable, "-S", "-c", program], input=stdin, env=env,
                            cwd=code / "task", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _invoke(deployed: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    output = _run_in_api_function(deployed, RUN_HANDLER, json.dumps(event))
    return dict(json.loads(output.strip().splitlines()[-1]))


def _event(path: str, claims: dict[str, Any] | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {"resourcePath": path, "httpMethod": "GET", "requestId": "r-1", "stage": "api",
                               "domainName": "registry.example.gov", "path": f"/api{path}"}
    if claims is not None:
        context["authorizer"] = {"claims": claims}
    return {"resource": path, "path": path, "httpMethod": "GET", "headers": {"Accept": "application/json"},
            "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
            "pathParameters": None, "stageVariables": None, "requestContext": context, "body": None,
            "isBase64Encoded": False}


def test_the_deployed_api_function_answers_health(deployed: dict[str, Any]) -> None:
    answer = _invoke(deployed, _event("/v1/health"))
    assert answer["statusCode"] == 200, answer
    body = json.loads(answer["body"])
    assert body["status"] == "ok" and all(d["reachable"] for d in body["dependencies"].values())


def test_the_deployed_api_function_answers_a_signed_in_request(deployed: dict[str, Any]) -> None:
    import jwt
    import requests

    session = deployed["session"]
    outputs = deployed["outputs"]
    pool, client_id = outputs["UserPoolId"], outputs["WebClientId"]
    idp = session.client("cognito-idp")
    idp.admin_create_user(UserPoolId=pool, Username="dana@example.gov", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "dana@example.gov"}])
    idp.admin_set_user_password(UserPoolId=pool, Username="dana@example.gov", Password="a-long-pass-2026",
                                Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username="dana@example.gov", GroupName="director")
    from chalicelib.local.cognito import user_tokens

    # moto serves the pool in this process; its key signs the token as Cognito's /oauth2/token would.
    token = user_tokens(pool, client_id, idp.admin_get_user(UserPoolId=pool, Username="dana@example.gov")["Username"],
                        ["openid", "email", "registry/app"])["access_token"]
    # What API Gateway's authorizer does: the pool's key, not expired, a scope the method names.
    keys = requests.get(f"{deployed['endpoint']}/{pool}/.well-known/jwks.json", timeout=10).json()["keys"]
    claims = jwt.decode(token, jwt.PyJWK(keys[0]).key, algorithms=["RS256"], options={"verify_aud": False})
    api_id = outputs["RestAPIId"]
    resources = session.client("apigateway").get_resources(restApiId=api_id)["items"]
    session_resource = next(r for r in resources if r["path"] == "/v1/session")
    method = session.client("apigateway").get_method(restApiId=api_id, resourceId=session_resource["id"],
                                                     httpMethod="GET")
    assert method["authorizationType"] == "COGNITO_USER_POOLS"
    assert set(claims["scope"].split()) & set(method["authorizationScopes"])

    answer = _invoke(deployed, _event("/v1/session", claims={k: (json.dumps(v) if isinstance(v, list) else v)
                                                              for k, v in claims.items()}))
    assert answer["statusCode"] == 200, answer
    assert json.loads(answer["body"])["roles"] == ["director"]
    unsigned = _invoke(deployed, _event("/v1/session"))
    assert unsigned["statusCode"] == 401


DRAW_A_CARD = """
import base64, sys
from chalicelib.reports.fonts import font_set
from chalicelib.reports.pdf import id_card_pdf
print(font_set().complete)
print(base64.b64encode(id_card_pdf(person_name="陳美玲 Nguyễn", registry_id="ECE-1234-5678-0", status="Active",
                                   member_since="2026", verify_url="https://registry.example.gov/v")).decode())
"""


def test_the_deployed_api_function_draws_a_chinese_name_with_the_fonts_of_its_layer(deployed: dict[str, Any]) -> None:
    import base64
    import io

    from pypdf import PdfReader

    config = deployed["session"].client("lambda").get_function_configuration(FunctionName=f"{STACK}-APIHandler")
    assert config["Environment"]["Variables"]["REGISTRY_FONT_DIR"] == "/opt/fonts"
    complete, pdf = _run_in_api_function(deployed, DRAW_A_CARD).split()
    assert complete == "True"
    page = PdfReader(io.BytesIO(base64.b64decode(pdf))).pages[0]
    assert "陳美玲Nguyễn" in "".join(page.extract_text().split())  # pypdf breaks the line where the font changes
    fonts = {font.get_object()["/BaseFont"].split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    assert {"DroidSansFallback", "DejaVuSans", "DejaVuSans-Bold"} <= fonts
