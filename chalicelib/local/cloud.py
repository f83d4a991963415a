"""Create the registry's resources in moto from the same template infra/ deploys.

moto's CloudFormation creates the stack; a few properties and resource types it
skips (bucket notifications, CORS and public-access blocks, queue policies, SES
identities, alarms, table TTL) are then applied through the service APIs, read
from that same template, so local mode and AWS cannot drift apart.
"""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
from dataclasses import dataclass
from typing import Any

from chalicelib.local.accounts import LOCAL_ACCOUNT_ID
from chalicelib.local.template import RESOURCES_TEMPLATE, load_template

LOCAL_STACK_NAME = "ece-registry-local"


@dataclass(frozen=True, slots=True)
class StackOutputs:
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def as_env(self) -> dict[str, str]:
        v = self.values
        return {
            "REGISTRY_TABLE_NAME": v["RegistryTableName"],
            "REGISTRY_IDEMPOTENCY_TABLE_NAME": v["IdempotencyTableName"],
            "REGISTRY_PROFILE_KEYS_TABLE_NAME": v["ProfileKeysTableName"],
            "REGISTRY_UPLOADS_BUCKET": v["UploadsBucketName"],
            "REGISTRY_ARTIFACTS_BUCKET": v["ArtifactsBucketName"],
            "REGISTRY_INTAKE_QUEUE_URL": v["IntakeQueueUrl"],
            "REGISTRY_EXTRACTION_QUEUE_URL": v["ExtractionQueueUrl"],
            "REGISTRY_NOTIFICATION_QUEUE_URL": v["NotificationQueueUrl"],
            "REGISTRY_WEBHOOK_QUEUE_URL": v["WebhookQueueUrl"],
            "REGISTRY_DATA_KEY_ID": v["DataKeyId"],
            "REGISTRY_REPORT_SIGNING_KEY_ID": v["ReportSigningKeyId"],
            "REGISTRY_WEBHOOK_SECRET_KEY_ID": v["WebhookSecretKeyId"],
            "REGISTRY_STORAGE_KEY_ID": v["StorageKeyId"],
            # A stack kept from before the key existed has no such output (its unsubscribe links do not work).
            "REGISTRY_REMINDER_LINK_KEY_ID": v.get("ReminderLinkKeyId", ""),
            "REGISTRY_SENDER_EMAIL": v["SenderEmail"],
            "REGISTRY_USER_POOL_ID": v["UserPoolId"],
            "REGISTRY_WEB_CLIENT_ID": v["WebClientId"],
            "REGISTRY_MAIL_CONFIGURATION_SET": v["MailConfigurationSetName"],
            "REGISTRY_MAIL_EVENTS_QUEUE_URL": v["MailEventsQueueUrl"],
        }


class _Resolver:
    """Resolves the intrinsic functions infra/resources.yaml uses against a created stack."""

    def __init__(self, session: Any, stack_name: str, physical_ids: dict[str, str],
                 resource_types: dict[str, str], parameters: dict[str, str]) -> None:
        self._session = session
        self._stack_name = stack_name
        self._ids = physical_ids
        self._types = resource_types
        self._parameters = parameters

    def pseudo(self, name: str) -> str:
        region = self._session.region_name
        return {"AWS::StackName": self._stack_name, "AWS::AccountId": LOCAL_ACCOUNT_ID,
                "AWS::Partition": "aws", "AWS::Region": region}[name]

    def ref(self, name: str) -> str:
        if name.startswith("AWS::"):
            return self.pseudo(name)
        if name in self._parameters:
            return self._parameters[name]
        return self._ids[name]

    def get_att(self, logical_id: str, attribute: str) -> str:
        kind = self._types[logical_id]
        physical = self._ids[logical_id]
        if kind == "AWS::SQS::Queue":
            attrs = self._session.client("sqs").get_queue_attributes(
                QueueUrl=physical, AttributeNames=["QueueArn"])["Attributes"]
            return {"Arn": attrs["QueueArn"], "QueueName": physical.rsplit("/", 1)[-1]}[attribute]
        if kind == "AWS::KMS::Key" and attribute == "Arn":
            return f"arn:aws:kms:{self._session.region_name}:{LOCAL_ACCOUNT_ID}:key/{physical}"
        if kind == "AWS::S3::Bucket" and attribute == "Arn":
            return f"arn:aws:s3:::{physical}"
        if kind == "AWS::Lambda::Function" and attribute == "Arn":
            return f"arn:aws:lambda:{self._session.region_name}:{LOCAL_ACCOUNT_ID}:function:{physical}"
        raise NotImplementedError(f"GetAtt {logical_id}.{attribute} ({kind}) is not resolved locally")

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"Ref"}:
                return self.ref(value["Ref"])
            if set(value) == {"Fn::GetAtt"}:
                logical_id, attribute = value["Fn::GetAtt"]
                return self.get_att(logical_id, attribute)
            if set(value) == {"Fn::Sub"}:
                return re.sub(r"\$\{([^}]+)\}", lambda m: self._sub_var(m.group(1)), value["Fn::Sub"])
            if set(value) == {"Fn::Join"}:
                separator, parts = value["Fn::Join"]
                return str(separator).join(str(self.resolve(p)) for p in parts)
            if set(value) == {"Fn::Split"}:
                separator, text = value["Fn::Split"]
                return str(self.resolve(text)).split(separator)
            if set(value) == {"Fn::Select"}:
                index, items = value["Fn::Select"]
                return self.resolve(items)[int(index)]
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def _sub_var(self, name: str) -> str:
        if "." in name:
            logical_id, attribute = name.split(".", 1)
            return self.get_att(logical_id, attribute)
        return self.ref(name)


def _apply_bucket(session: Any, bucket: str, props: dict[str, Any]) -> None:
    s3 = session.client("s3")
    if "NotificationConfiguration" in props:
        queue_configs = []
        for qc in props["NotificationConfiguration"].get("QueueConfigurations", []):
            cfg: dict[str, Any] = {"QueueArn": qc["Queue"], "Events": [qc["Event"]]}
            rules = qc.get("Filter", {}).get("S3Key", {}).get("Rules", [])
            if rules:
                cfg["Filter"] = {"Key": {"FilterRules": [{"Name": r["Name"], "Value": r["Value"]} for r in rules]}}
            queue_configs.append(cfg)
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"QueueConfigurations": queue_configs})
    if "CorsConfiguration" in props:
        rules = [{("MaxAgeSeconds" if k == "MaxAge" else k): v for k, v in rule.items()}
                 for rule in props["CorsConfiguration"]["CorsRules"]]
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    if "PublicAccessBlockConfiguration" in props:
        s3.put_public_access_block(Bucket=bucket,
                                   PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])
    if "VersioningConfiguration" in props:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=props["VersioningConfiguration"])


def _apply_alarm(session: Any, logical_id: str, props: dict[str, Any]) -> None:
    session.client("cloudwatch").put_metric_alarm(
        AlarmName=f"{LOCAL_STACK_NAME}-{logical_id}",
        AlarmDescription=props.get("AlarmDescription", ""),
        Namespace=props["Namespace"], MetricName=props["MetricName"],
        Dimensions=props.get("Dimensions", []), Statistic=props["Statistic"],
        Period=int(props["Period"]), EvaluationPeriods=int(props["EvaluationPeriods"]),
        Threshold=float(props["Threshold"]), ComparisonOperator=props["ComparisonOperator"],
        TreatMissingData=props.get("TreatMissingData", "missing"),
    )


def _find(items: list[dict[str, Any]], key: str, value: str, id_key: str) -> str | None:
    return next((str(i[id_key]) for i in items if i.get(key) == value), None)


def _ensure_cognito(session: Any, kind: str, props: dict[str, Any]) -> str:
    """Create one Cognito resource through the API (moto's CloudFormation has none of them), or find the one an
    earlier run made. Returns what CloudFormation's Ref would: the pool id, client id, domain or group name."""
    idp = session.client("cognito-idp")
    if kind == "AWS::Cognito::UserPool":
        name = props.pop("UserPoolName")
        found = _find(idp.list_user_pools(MaxResults=60)["UserPools"], "Name", name, "Id")
        return found or str(idp.create_user_pool(PoolName=name, **props)["UserPool"]["Id"])
    pool = props["UserPoolId"]
    if kind == "AWS::Cognito::UserPoolClient":
        clients = idp.list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]
        found = _find(clients, "ClientName", props["ClientName"], "ClientId")
        return found or str(idp.create_user_pool_client(**props)["UserPoolClient"]["ClientId"])
    if kind == "AWS::Cognito::UserPoolGroup":
        if not _find(idp.list_groups(UserPoolId=pool)["Groups"], "GroupName", props["GroupName"], "GroupName"):
            idp.create_group(**props)
        return str(props["GroupName"])
    if kind == "AWS::Cognito::UserPoolDomain":
        if not idp.describe_user_pool_domain(Domain=props["Domain"]).get("DomainDescription"):
            idp.create_user_pool_domain(Domain=props["Domain"], UserPoolId=pool)
        return str(props["Domain"])
    if kind == "AWS::Cognito::UserPoolResourceServer":
        servers = idp.list_resource_servers(UserPoolId=pool, MaxResults=50)["ResourceServers"]
        if not _find(servers, "Identifier", props["Identifier"], "Identifier"):
            idp.create_resource_server(**props)
        return str(props["Identifier"])
    raise NotImplementedError(kind)


_FINISHED_LOCALLY = frozenset({"AWS::KMS::Key", "AWS::S3::Bucket", "AWS::SQS::QueuePolicy", "AWS::SES::EmailIdentity",
                               "AWS::CloudWatch::Alarm", "AWS::DynamoDB::Table", "AWS::SES::ConfigurationSet",
                               "AWS::SES::ConfigurationSetEventDestination", "AWS::SES::Template",
                               "AWS::SNS::Subscription"})
# Not applied locally: the TLS-only bucket policies (AWS::S3::BucketPolicy). moto listens on plain http on
# loopback and enforces bucket policies, so they would refuse every local request.


def _apply_ses(session: Any, kind: str, props: dict[str, Any], templates: set[str]) -> str:
    """SES pieces moto's CloudFormation skips, created through the API (idempotently); returns the Ref.
    `templates`: the names SES already holds, read once for the stack's fifty-odd mail templates."""
    ses = session.client("ses")
    if kind == "AWS::SES::ConfigurationSet":
        names = [c["Name"] for c in ses.list_configuration_sets().get("ConfigurationSets", [])]
        if props["Name"] not in names:
            ses.create_configuration_set(ConfigurationSet={"Name": props["Name"]})
        return str(props["Name"])
    if kind == "AWS::SES::ConfigurationSetEventDestination":
        destination = props["EventDestination"]
        with contextlib.suppress(ses.exceptions.EventDestinationAlreadyExistsException):
            ses.create_configuration_set_event_destination(
                ConfigurationSetName=props["ConfigurationSetName"], EventDestination={
                    "Name": destination["Name"], "Enabled": destination.get("Enabled", True),
                    "MatchingEventTypes": destination["MatchingEventTypes"],
                    "SNSDestination": {"TopicARN": destination["SnsDestination"]["TopicARN"]}})
        return str(destination["Name"])
    template = props["Template"]
    if template["TemplateName"] in templates:
        ses.update_template(Template=template)
    else:
        ses.create_template(Template=template)
        templates.add(template["TemplateName"])
    return str(template["TemplateName"])


def _finish(session: Any, template: dict[str, Any], resolver: _Resolver, physical: dict[str, str],
            replaced: dict[str, str]) -> None:
    """Create or apply, through the service APIs, what moto's CloudFormation skips."""
    ses_templates = {t["Name"] for t in session.client("ses").list_templates().get("TemplatesMetadata", [])}
    for logical_id, resource in template["Resources"].items():
        kind = resource["Type"]
        if kind.startswith("AWS::Cognito::"):
            physical[logical_id] = _ensure_cognito(session, kind, resolver.resolve(resource.get("Properties", {})))
            continue
        if kind not in _FINISHED_LOCALLY:
            continue
        props = resolver.resolve(resource.get("Properties", {}))
        if kind == "AWS::KMS::Key" and props.get("KeyUsage", "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT":
            # moto's CloudFormation makes every key symmetric; an asymmetric (signing) key is
            # created through the API with the template's spec and stands in for it.
            replacement = session.client("kms").create_key(
                KeySpec=props.get("KeySpec", "SYMMETRIC_DEFAULT"), KeyUsage=props["KeyUsage"],
                Description=props.get("Description", ""))["KeyMetadata"]["KeyId"]
            if logical_id in physical:
                replaced[physical[logical_id]] = replacement
            else:
                # A key added to the template after this (kept) stack was created: moto's stack never made it.
                physical[logical_id] = replacement
        elif kind == "AWS::S3::Bucket":
            _apply_bucket(session, physical[logical_id], props)
        elif kind == "AWS::SQS::QueuePolicy":
            import json

            for url in props["Queues"]:
                session.client("sqs").set_queue_attributes(
                    QueueUrl=url, Attributes={"Policy": json.dumps(props["PolicyDocument"])})
        elif kind.startswith("AWS::SES::") and kind != "AWS::SES::EmailIdentity":
            physical[logical_id] = _apply_ses(session, kind, props, ses_templates)
        elif kind == "AWS::SNS::Subscription":
            session.client("sns").subscribe(TopicArn=props["TopicArn"], Protocol=props["Protocol"],
                                            Endpoint=props["Endpoint"])
        elif kind == "AWS::SES::EmailIdentity":
            session.client("ses").verify_email_identity(EmailAddress=props["EmailIdentity"])
        elif kind == "AWS::CloudWatch::Alarm":
            _apply_alarm(session, logical_id, props)
        elif kind == "AWS::DynamoDB::Table" and session.tables_elsewhere:
            from chalicelib.local.dynamodb_local import create_table

            create_table(session.client("dynamodb"), props, replace=session.fresh_tables)
        elif kind == "AWS::DynamoDB::Table":
            from chalicelib.local.dynamodb_local import add_missing_indexes

            dynamodb = session.client("dynamodb")
            add_missing_indexes(dynamodb, {**props, "TableName": physical[logical_id]})
            if "TimeToLiveSpecification" in props:
                dynamodb.update_time_to_live(
                    TableName=physical[logical_id], TimeToLiveSpecification=props["TimeToLiveSpecification"])


def create_local_stack(session: Any, stack_name: str = LOCAL_STACK_NAME,
                       parameters: dict[str, str] | None = None) -> StackOutputs:
    """Create (or find) the stack in moto and finish what moto's CloudFormation skips."""
    cfn = session.client("cloudformation")
    template = load_template()
    existing = [s for s in cfn.list_stacks()["StackSummaries"]
                if s["StackName"] == stack_name and s["StackStatus"] != "DELETE_COMPLETE"]
    param_values = {name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}
    param_values.update(parameters or {})
    if not existing:
        with warnings.catch_warnings():
            # moto warns for each resource type it leaves to us; they are applied below.
            warnings.simplefilter("ignore")
            cfn.create_stack(StackName=stack_name, TemplateBody=RESOURCES_TEMPLATE.read_text(encoding="utf-8"),
                             Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in param_values.items()])
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    summaries = cfn.describe_stack_resources(StackName=stack_name)["StackResources"]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in summaries
                if r.get("LogicalResourceId") and r.get("PhysicalResourceId")}
    from chalicelib.mail import template_resources

    template["Resources"].update(template_resources())  # as infra/build_template.py adds them for AWS
    types = {name: res["Type"] for name, res in template["Resources"].items()}
    resolver = _Resolver(session, stack_name, physical, types, param_values)
    replaced: dict[str, str] = {}

    _finish(session, template, resolver, physical, replaced)

    outputs = {o["OutputKey"]: replaced.get(o["OutputValue"], o["OutputValue"]) for o in stack.get("Outputs", [])}
    # moto leaves out outputs that name resources it did not create; they are resolved here.
    for key, output in template.get("Outputs", {}).items():
        outputs.setdefault(key, str(resolver.resolve(output["Value"])))
    return StackOutputs(values=outputs)


@functools.cache
def _service_models() -> Any:
    from botocore.loaders import create_loader

    return create_loader()


def _botocore_session() -> Any:
    """A new botocore session that shares one loader of service models: a session reads the models (JSON files of
    a megabyte or more) the first time each of its clients is made, and every test's stack is a new session."""
    from botocore.session import get_session

    session = get_session()
    session.register_component("data_loader", _service_models())
    return session


class LocalSession:
    """boto3 clients for moto: its server on loopback (endpoint_url) or its in-process mock (none).

    With `tables_endpoint_url` the tables are created in DynamoDB Local there instead (moto's copies, made by
    its CloudFormation, stay unused); `fresh_tables` replaces them, as each test wants an empty table.
    """

    region_name = "us-east-1"

    def __init__(self, endpoint_url: str | None = None, *, tables_endpoint_url: str | None = None,
                 fresh_tables: bool = False) -> None:
        import boto3

        self._endpoint_url = endpoint_url
        self._tables_endpoint_url = tables_endpoint_url
        self.tables_elsewhere = tables_endpoint_url is not None
        self.fresh_tables = fresh_tables
        self._base = boto3.session.Session(botocore_session=_botocore_session(), region_name=self.region_name)
        self._clients: dict[str, Any] = {}

    def client(self, name: str) -> Any:
        # One client per service for the session's life: making one reads its service model (~10 ms), and building
        # the stack asks about a hundred times (each test's stack, and every start of `make run`).
        if name not in self._clients:
            endpoint = self._tables_endpoint_url if name == "dynamodb" and self.tables_elsewhere \
                else self._endpoint_url
            self._clients[name] = self._base.client(name, endpoint_url=endpoint)  # type: ignore[call-overload]
        return self._clients[name]


IN_PROCESS_BASE_URL = "http://127.0.0.1:8000"


def create_in_process_stack(*, fresh_tables: bool = True) -> StackOutputs:
    """The stack inside an active `mock_aws()`, with this process's environment pointed at it.

    With REGISTRY_DYNAMODB_ENDPOINT_URL set, the tables are DynamoDB Local's there: replaced by empty ones
    (each test starts empty) unless `fresh_tables` is false (a bench reusing the registry it loaded)."""
    import os

    from chalicelib.aws.clients import reset_clients
    from chalicelib.config import get_settings
    from chalicelib.local import lighter_moto
    from chalicelib.local.cognito import install_missing_operations

    install_missing_operations()
    lighter_moto.install()
    tables_endpoint = os.environ.get("REGISTRY_DYNAMODB_ENDPOINT_URL") or None
    session = LocalSession(tables_endpoint_url=tables_endpoint, fresh_tables=fresh_tables)
    outputs = create_local_stack(session, parameters={"PublicBaseUrl": IN_PROCESS_BASE_URL})
    os.environ.update(outputs.as_env())
    os.environ["REGISTRY_PUBLIC_BASE_URL"] = IN_PROCESS_BASE_URL
    os.environ["REGISTRY_AUTH_BASE_URL"] = f"{IN_PROCESS_BASE_URL}/local/cognito"
    get_settings.cache_clear()
    reset_clients()
    return outputs


def _substitute(value: Any, refs: dict[str, str], arns: dict[str, str]) -> Any:
    """Replace Ref / GetAtt Arn / ${Name} of resources created outside the stack with their values."""
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] in refs:
            return refs[value["Ref"]]
        if set(value) == {"Fn::GetAtt"} and value["Fn::GetAtt"][0] in arns:
            return arns[value["Fn::GetAtt"][0]]
        if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            text = value["Fn::Sub"]
            for name, physical in refs.items():
                text = text.replace("${" + name + "}", physical)
            for name, arn in arns.items():
                text = text.replace("${" + name + ".Arn}", arn)
            return {"Fn::Sub": text}
        return {k: _substitute(v, refs, arns) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, refs, arns) for v in value]
    return value


def _import_swagger(session: Any, name: str, definition: dict[str, Any]) -> str:
    """Create a REST API from a Swagger 2.0 definition (moto imports only OpenAPI 3): its authorizers, then each
    path's resources, methods with their authorizer and scopes, and Lambda proxy integrations."""
    api = session.client("apigateway")
    api_id = str(api.create_rest_api(name=name, description=name)["id"])
    authorizers = {}
    for auth_name, spec in definition.get("securityDefinitions", {}).items():
        config = spec.get("x-amazon-apigateway-authorizer", {})
        if config.get("type") == "cognito_user_pools":
            authorizers[auth_name] = api.create_authorizer(
                restApiId=api_id, name=auth_name, type="COGNITO_USER_POOLS", providerARNs=config["providerARNs"],
                identitySource=f"method.request.header.{spec.get('name', 'Authorization')}")["id"]
    resources = {"/": next(r["id"] for r in api.get_resources(restApiId=api_id)["items"] if r["path"] == "/")}
    for path in sorted(definition.get("paths", {})):
        parent = "/"
        for part in [p for p in path.split("/") if p]:
            current = parent.rstrip("/") + "/" + part
            if current not in resources:
                resources[current] = api.create_resource(restApiId=api_id, parentId=resources[parent],
                                                         pathPart=part)["id"]
            parent = current
        for method, spec in definition["paths"][path].items():
            if method.startswith("x-"):
                continue
            security = (spec.get("security") or [{}])[0]
            kwargs: dict[str, Any] = {"authorizationType": "NONE"}
            if security:
                auth_name, scopes = next(iter(security.items()))
                kwargs = {"authorizationType": "COGNITO_USER_POOLS", "authorizerId": authorizers[auth_name],
                          "authorizationScopes": scopes}
            api.put_method(restApiId=api_id, resourceId=resources[path], httpMethod=method.upper(), **kwargs)
            integration = spec.get("x-amazon-apigateway-integration", {})
            if integration:
                api.put_integration(restApiId=api_id, resourceId=resources[path], httpMethod=method.upper(),
                                    type=integration["type"].upper(), uri=integration["uri"],
                                    integrationHttpMethod=integration.get("httpMethod", "POST"))
    return api_id


def deploy_template(session: Any, stack_name: str, template: dict[str, Any],
                    parameters: dict[str, str]) -> StackOutputs:
    """Deploy a whole plain CloudFormation template (the SAM-transformed deployable one) into moto.

    The user pool and its parts come first, through the API (moto's CloudFormation has no Cognito), and the
    rest of the template refers to them by value; then moto's CloudFormation creates the stack, and what it
    skips is finished as for the local stack. The pool's PostConfirmation trigger is left out: moto does not
    run triggers."""
    import copy
    import json

    template = copy.deepcopy(template)
    values = {name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}
    values.update(parameters)
    refs: dict[str, str] = {}
    arns: dict[str, str] = {}
    order = ["AWS::Cognito::UserPool", "AWS::Cognito::UserPoolResourceServer"]
    cognito = dict(sorted(((k, r) for k, r in template["Resources"].items() if r["Type"].startswith("AWS::Cognito::")),
                          key=lambda item: order.index(item[1]["Type"]) if item[1]["Type"] in order else 9))
    early = _Resolver(session, stack_name, refs, {k: r["Type"] for k, r in cognito.items()}, values)
    early_names = _Resolver(session, stack_name, {}, {}, values)
    for logical_id, resource in cognito.items():
        props = dict(resource.get("Properties", {}))
        props.pop("LambdaConfig", None)
        refs[logical_id] = _ensure_cognito(session, resource["Type"], early.resolve(props))
        if resource["Type"] == "AWS::Cognito::UserPool":
            region = session.region_name
            arns[logical_id] = f"arn:aws:cognito-idp:{region}:{LOCAL_ACCOUNT_ID}:userpool/{refs[logical_id]}"
    rest = {k: _substitute(r, refs, arns) for k, r in template["Resources"].items() if k not in cognito}
    # moto's CloudFormation creates a REST API only from a Name and ignores its Body (the API definition), and
    # refuses a deployment of an API without methods. The API is imported first, from its definition, with
    # the function ARNs it names worked out from their explicit FunctionName.
    functions = {k: str(early_names.resolve(r["Properties"]["FunctionName"])) for k, r in rest.items()
                 if r["Type"] == "AWS::Lambda::Function" and "FunctionName" in r["Properties"]}
    predicted = _Resolver(session, stack_name, {**refs, **functions},
                          {**{k: "AWS::Lambda::Function" for k in functions}}, values)
    apis = [k for k, r in rest.items() if r["Type"] == "AWS::ApiGateway::RestApi" and "Body" in r["Properties"]]
    for logical_id in apis:
        definition = predicted.resolve(rest.pop(logical_id)["Properties"]["Body"])
        refs[logical_id] = _import_swagger(session, f"{stack_name}-{logical_id}", definition)
    rest = {k: _substitute(r, refs, arns) for k, r in rest.items()}
    cognito.update({k: {} for k in apis})
    for resource in rest.values():
        depends = resource.get("DependsOn")
        if isinstance(depends, list):
            resource["DependsOn"] = [d for d in depends if d not in cognito]
        elif isinstance(depends, str) and depends in cognito:
            del resource["DependsOn"]
    body = {**template, "Resources": rest,
            "Outputs": _substitute(template.get("Outputs", {}), refs, arns)}
    body.pop("Transform", None)
    cfn = session.client("cloudformation")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cfn.create_stack(StackName=stack_name, TemplateBody=json.dumps(body), Capabilities=["CAPABILITY_IAM"],
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()
                                     if k in template.get("Parameters", {})])
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    summaries = cfn.describe_stack_resources(StackName=stack_name)["StackResources"]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in summaries
                if r.get("LogicalResourceId") and r.get("PhysicalResourceId")}
    resolver = _Resolver(session, stack_name, physical, {k: r["Type"] for k, r in rest.items()}, values)
    replaced: dict[str, str] = {}
    _finish(session, body, resolver, physical, replaced)
    outputs = {o["OutputKey"]: replaced.get(o["OutputValue"], o["OutputValue"]) for o in stack.get("Outputs", [])}
    outputs.update({f"{k}Id": v for k, v in refs.items()})
    return StackOutputs(values=outputs)
