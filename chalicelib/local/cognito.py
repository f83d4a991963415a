"""What moto's Cognito lacks, filled in for the embedded local stack, and nothing more.

moto's cognito-idp keeps the user pool, its users, passwords, groups and app clients, signs tokens with the
pool's RS256 key and serves that key as the pool's JWKS; the registry uses all of that as it would use Cognito.
moto has none of Cognito's OAuth2 web side, so this module supplies it, signing with moto's own pool key:

- the hosted UI's pages (/oauth2/authorize, /login, /signup, /confirm, /forgotPassword, /logout) as plain
  forms, backed by moto's AdminInitiateAuth, SignUp, ConfirmSignUp, ForgotPassword and ConfirmForgotPassword;
- /oauth2/token with the authorization-code grant (PKCE S256 required), refresh tokens and client credentials;
  access tokens carry the OAuth scopes asked for (moto's own InitiateAuth tokens carry only
  aws.cognito.signin.user.admin, which API Gateway would not accept for a scoped method);
- the mail Cognito sends itself (sign-up and password-reset codes) lands in the local outbox and the console,
  since moto sends none and accepts any sign-up code; here the code must match;
- the PostConfirmation trigger, which moto does not run: called with Cognito's event shape after sign-up;
- AddUserPoolClientSecret / DeleteUserPoolClientSecret (two secrets per client, for rotation), which moto does
  not implement, added to moto's Cognito so the registry calls them through boto3 as in AWS.

app.py registers `bp` only when REGISTRY_AUTH_MODE is "local", and infra/build_template.py leaves
chalicelib/local out of the Lambda package, so none of this can be deployed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from chalice.app import Blueprint, Response

from chalicelib.local.accounts import LOCAL_ACCOUNT_ID

bp = Blueprint(__name__)
PREFIX = "/local/cognito"
FORM = "application/x-www-form-urlencoded"
ACCESS_TOKEN_SECONDS = 30 * 60
CODE_SECONDS = 300


# ---------------------------------------------------------------- tokens signed with moto's pool key

def _pool(pool_id: str) -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    return cognitoidp_backends[LOCAL_ACCOUNT_ID]["us-east-1"].user_pools[pool_id]


def _settings() -> Any:
    from chalicelib.config import get_settings

    return get_settings()


def user_tokens(pool_id: str, client_id: str, username: str, scopes: list[str]) -> dict[str, Any]:
    """Access, ID and refresh tokens for a signed-in user, as Cognito's token endpoint returns them."""
    pool = _pool(pool_id)
    user = pool._get_user(username)
    refresh_token, origin_jti = pool.create_refresh_token(client_id, username)
    extra: dict[str, Any] = {"scope": " ".join(scopes), "origin_jti": origin_jti}
    if user.groups:
        extra["cognito:groups"] = sorted(g.group_name for g in user.groups)
    access, _ = pool.create_jwt(client_id, username, "access", expires_in=ACCESS_TOKEN_SECONDS, extra_data=extra)
    # Registered with moto so its APIs that take an access token (GetUser, UpdateUserAttributes) accept it.
    pool.access_tokens[access] = (client_id, username)
    id_token, _ = pool.create_id_token(client_id, username, origin_jti)
    return {"access_token": access, "id_token": id_token, "refresh_token": refresh_token,
            "token_type": "Bearer", "expires_in": ACCESS_TOKEN_SECONDS}


def client_token(pool_id: str, client_id: str, scopes: list[str]) -> dict[str, Any]:
    """A client-credentials access token: it names the app client, not a person, and has no groups."""
    from joserfc import jwt

    pool = _pool(pool_id)
    now = int(time.time())
    claims = {"iss": f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}", "sub": client_id,
              "client_id": client_id, "token_use": "access", "scope": " ".join(scopes), "auth_time": now,
              "iat": now, "exp": now + ACCESS_TOKEN_SECONDS, "jti": secrets.token_hex(16)}
    token = jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool.json_web_key)
    return {"access_token": token, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_SECONDS}


def mint_access_token(user_id: str, roles: list[str], *, scopes: tuple[str, ...] = ("registry/app",),
                      ttl_seconds: int = ACCESS_TOKEN_SECONDS) -> str:
    """An access token for any subject, signed by the pool: for tests and fixtures that act as a user without
    going through the sign-in pages. The app verifies it exactly as it verifies any other token."""
    from joserfc import jwt

    settings = _settings()
    pool = _pool(settings.user_pool_id)
    now = int(time.time())
    claims = {"iss": f"https://cognito-idp.us-east-1.amazonaws.com/{settings.user_pool_id}", "sub": user_id,
              "username": user_id, "client_id": settings.web_client_id, "token_use": "access",
              "scope": " ".join(scopes), "cognito:groups": list(roles), "auth_time": now, "iat": now,
              "exp": now + ttl_seconds, "jti": secrets.token_hex(16)}
    return str(jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool.json_web_key))


# ---------------------------------------------------------------- AddUserPoolClientSecret for moto

def install_missing_operations() -> None:
    """Teach moto's Cognito the two client-secret operations the registry uses for rotation."""
    import json

    from moto.cognitoidp.exceptions import ResourceNotFoundError
    from moto.cognitoidp.responses import CognitoIdpResponse

    def _client(self: Any) -> Any:
        pool = self.backend.user_pools.get(self._get_param("UserPoolId"))
        client = pool.clients.get(self._get_param("ClientId")) if pool else None
        if client is None:
            raise ResourceNotFoundError(self._get_param("ClientId"))
        return client

    def add_user_pool_client_secret(self: Any) -> str:
        client = _client(self)
        extra = getattr(client, "extra_secrets", [])
        if len(extra) >= 1:
            raise ValueError("An app client has at most two secrets; delete one first.")
        value = self._get_param("ClientSecret") or secrets.token_urlsafe(38)[:51]
        secret_id = f"{client.id}--{secrets.token_hex(4)}"
        client.extra_secrets = [*extra, {"id": secret_id, "value": value, "created": time.time()}]
        return json.dumps({"ClientSecretDescriptor": {"ClientSecretId": secret_id, "ClientSecretValue": value,
                                                      "ClientSecretCreateDate": time.time()}})

    def delete_user_pool_client_secret(self: Any) -> str:
        client = _client(self)
        secret_id = self._get_param("ClientSecretId")
        extra = getattr(client, "extra_secrets", [])
        if secret_id == f"{client.id}--original" and extra:
            # The original secret goes; the newest one takes its place.
            client.secret = extra[0]["value"]
            client.extra_secrets = extra[1:]
        else:
            client.extra_secrets = [s for s in extra if s["id"] != secret_id]
        return "{}"

    def list_user_pool_client_secrets(self: Any) -> str:
        client = _client(self)
        items = [{"ClientSecretId": f"{client.id}--original"}]
        items += [{"ClientSecretId": s["id"], "ClientSecretCreateDate": s["created"]}
                  for s in getattr(client, "extra_secrets", [])]
        return json.dumps({"ClientSecrets": items})

    _install_mail_that_cognito_sends(CognitoIdpResponse)
    CognitoIdpResponse.add_user_pool_client_secret = add_user_pool_client_secret  # type: ignore[attr-defined]
    CognitoIdpResponse.delete_user_pool_client_secret = delete_user_pool_client_secret  # type: ignore[attr-defined]
    CognitoIdpResponse.list_user_pool_client_secrets = list_user_pool_client_secrets  # type: ignore[attr-defined]


def _install_mail_that_cognito_sends(response_class: Any) -> None:
    """Cognito mails an invited user their temporary password, and a code to an address someone changes to
    (keeping the old address until the code comes back: AttributesRequireVerificationBeforeUpdate). moto
    sends nothing, sets no temporary password unless given one, changes the address at once and has no
    VerifyUserAttribute; these wrappers do what Cognito does, with the mail going to the local outbox."""
    from moto.cognitoidp.exceptions import AliasExistsException, CodeMismatchException, NotAuthorizedError
    from moto.core.responses import ActionResult, EmptyResult

    if getattr(response_class, "_registry_mail_installed", False):
        return
    original_create = response_class.admin_create_user
    original_update = response_class.update_user_attributes

    def admin_create_user(self: Any) -> Any:
        if self._get_param("MessageAction") == "SUPPRESS":
            return original_create(self)
        temporary = self._get_param("TemporaryPassword") or f"Temp-{secrets.token_urlsafe(9)}-7"
        attributes = self._get_param("UserAttributes", [])
        user = self.backend.admin_create_user(self._get_param("UserPoolId"), self._get_param("Username"), None,
                                              temporary, attributes)
        email = next((a["Value"] for a in attributes if a["Name"] == "email"), self._get_param("Username"))
        _send_mail(email, "Your ECE Registry account", "An administrator opened an ECE Registry account for you."
                   f"\n\nSign in with this email and the temporary password {temporary}\nYou will choose your own "
                   "password then.\n\nThe ECE Registry team")
        return ActionResult({"User": user.to_json(extended=True)})

    def _signed_in_user(self: Any) -> Any:
        token = self._get_param("AccessToken")
        for pool in self.backend.user_pools.values():
            if token in pool.access_tokens:
                return pool._get_user(pool.access_tokens[token][1])
        raise NotAuthorizedError(token)

    def update_user_attributes(self: Any) -> Any:
        attributes = self._get_param("UserAttributes", [])
        new_email = next((a["Value"] for a in attributes if a["Name"] == "email"), None)
        if new_email is None:
            return original_update(self)
        user = _signed_in_user(self)
        pool = self.backend.user_pools[user.user_pool_id]
        other = pool._get_user(new_email.strip().lower())
        if other is not None and other is not user:
            raise AliasExistsException()
        code = f"{secrets.randbelow(1_000_000):06d}"
        user.pending_email = (new_email.strip().lower(), code)
        _send_mail(new_email, "Confirm your new ECE Registry email", f"Your code is {code}\n\nEnter it in the "
                   "registry to start using this address. Until then we keep writing to your old one.")
        return json.dumps({"CodeDeliveryDetailsList": [{"Destination": new_email[:1] + "***",
                                                        "DeliveryMedium": "EMAIL", "AttributeName": "email"}]})

    def verify_user_attribute(self: Any) -> Any:
        user = _signed_in_user(self)
        pending = getattr(user, "pending_email", None)
        if self._get_param("AttributeName") != "email" or not pending or not hmac.compare_digest(
                pending[1], str(self._get_param("Code") or "")):
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        user.update_attributes([{"Name": "email", "Value": pending[0]}, {"Name": "email_verified", "Value": "true"}])
        user.pending_email = None
        return EmptyResult()

    response_class.admin_create_user = admin_create_user
    response_class.update_user_attributes = update_user_attributes
    response_class.verify_user_attribute = verify_user_attribute
    response_class._registry_mail_installed = True


def _send_mail(to: str, subject: str, body: str) -> None:
    from chalicelib.services.accounts.notifications import deliver

    deliver(to, subject, body)
    print(f"[local Cognito] {subject} for {to}:\n{body}", flush=True)


def _client_secrets(pool_id: str, client_id: str) -> list[str]:
    client = _pool(pool_id).clients.get(client_id)
    if client is None or not client.secret:
        return []
    return [client.secret, *(s["value"] for s in getattr(client, "extra_secrets", []))]


# ---------------------------------------------------------------- hosted UI state

@dataclass
class _Grant:
    username: str
    client_id: str
    redirect_uri: str
    challenge: str
    scopes: list[str]
    expires: float


@dataclass
class _Pending:
    codes: dict[str, str] = field(default_factory=dict)  # username -> sign-up code
    reset_codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # username -> (code, moto's code)
    grants: dict[str, _Grant] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_PENDING = _Pending()
AUTHORIZE_PARAMS = ("client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method",
                    "response_type")


def _idp() -> Any:
    from chalicelib.aws.clients import client

    return client("cognito-idp")


def _page(title: str, body: str, status: int = 200) -> Response:
    document = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}}
button{{margin-top:1rem;padding:.7rem 1.2rem;font-size:1rem;background:#1a4f8b;color:#fff;border:0;border-radius:4px}}
.error{{color:#a4161a}}.note{{background:#f3f6fa;padding:.6rem;border-radius:4px;font-size:.9rem}}</style></head>
<body><p class="note">Local stack: this page stands in for the Amazon Cognito sign-in page.</p>
<h1>{html.escape(title)}</h1>{body}</body></html>"""
    return Response(body=document, status_code=status,
                    headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                             "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                                        "form-action 'self' http://127.0.0.1:*; frame-ancestors 'none'",
                             "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


def _error(message: str, status: int = 400) -> Response:
    return _page("Sign-in problem", f'<p class="error" role="alert">{html.escape(message)}</p>', status)


def _hidden(params: dict[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                   for k, v in params.items() if k in AUTHORIZE_PARAMS)


def _form(action: str, params: dict[str, str], fields: str, button: str) -> str:
    return (f'<form method="post" action="{PREFIX}/{action}">{_hidden(params)}{fields}'
            f'<button type="submit">{html.escape(button)}</button></form>')


def _link(page: str, params: dict[str, str], text: str) -> str:
    query = urlencode({k: v for k, v in params.items() if k in AUTHORIZE_PARAMS})
    return f'<p><a href="{PREFIX}/{page}?{html.escape(query)}">{html.escape(text)}</a></p>'


def _field(name: str, label: str, kind: str = "text", value: str = "", autocomplete: str = "") -> str:
    return (f'<label for="{name}">{html.escape(label)}</label><input id="{name}" name="{name}" type="{kind}" '
            f'value="{html.escape(value)}" autocomplete="{autocomplete}" required>')


def _check_client(params: dict[str, str]) -> str | None:
    """The problem with an authorize request, as Cognito checks it, or None."""
    settings = _settings()
    if params.get("client_id") != settings.web_client_id:
        return "Unknown app client."
    client = _idp().describe_user_pool_client(UserPoolId=settings.user_pool_id,
                                              ClientId=settings.web_client_id)["UserPoolClient"]
    if params.get("redirect_uri") not in client.get("CallbackURLs", []):
        return "This redirect address is not registered for the app."
    if params.get("response_type", "code") != "code":
        return "Only the authorization-code flow is enabled."
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        return "Sign-in needs a PKCE code challenge (S256)."
    allowed = set(client.get("AllowedOAuthScopes", []))
    if not set((params.get("scope") or "").split()) <= allowed:
        return "The app asked for a scope it may not have."
    return None


def _form_params() -> dict[str, str]:
    from urllib.parse import parse_qsl

    request = bp.current_request
    if request.method == "GET":
        return dict(request.query_params or {})
    raw = request.raw_body or b""
    return dict(parse_qsl(raw.decode("utf-8") if isinstance(raw, bytes) else raw, keep_blank_values=True))


def _login_page(params: dict[str, str], message: str = "", email: str = "", status: int = 200) -> Response:
    problem = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    body = problem + _form("login", params, _field("username", "Email", "email", email, "username")
                           + _field("password", "Password", "password", autocomplete="current-password"), "Sign in")
    body += _link("signup", params, "Create an account") + _link("forgotPassword", params, "Forgot your password?")
    return _page("Sign in to the ECE Workforce Registry", body, status)


# ---------------------------------------------------------------- hosted UI pages

def _hosted_page(page: Any) -> Any:
    """Every hosted page first reads its form or query and checks the app client, as Cognito does."""
    import functools

    @functools.wraps(page)
    def view() -> Response:
        params = _form_params()
        problem = _check_client(params)
        return _error(problem) if problem else page(params)

    return view


@bp.route(f"{PREFIX}/oauth2/authorize", methods=["GET"])
@_hosted_page
def authorize(params: dict[str, str]) -> Response:
    return _login_page(params)


@bp.route(f"{PREFIX}/login", methods=["GET", "POST"], content_types=[FORM])
@_hosted_page
def login(params: dict[str, str]) -> Response:
    if bp.current_request.method == "GET":
        return _login_page(params)
    settings = _settings()
    email = params.get("username", "").strip().lower()
    idp = _idp()
    try:
        result = idp.admin_initiate_auth(UserPoolId=settings.user_pool_id, ClientId=settings.web_client_id,
                                         AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                         AuthParameters={"USERNAME": email, "PASSWORD": params.get("password", "")})
    except idp.exceptions.UserNotConfirmedException:
        return _confirm_page(params, email, "Confirm your email first: enter the code we sent you.")
    except (idp.exceptions.NotAuthorizedException, idp.exceptions.UserNotFoundException):
        return _login_page(params, "Incorrect email or password.", email, 400)
    user = idp.admin_get_user(UserPoolId=settings.user_pool_id, Username=email)
    if user["UserStatus"] == "UNCONFIRMED":
        # Cognito refuses an unconfirmed user here (UserNotConfirmedException); moto signs them in.
        return _confirm_page(params, email, "Confirm your email first: enter the code we sent you.")
    if result.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
        return _new_password_page(params, email, result["Session"])
    if result.get("ChallengeName"):
        return _login_page(params, "This account needs a sign-in step this page does not offer.", email, 400)
    return _grant(params, user["Username"])


def _new_password_page(params: dict[str, str], email: str, session: str, message: str = "",
                       status: int = 200) -> Response:
    note = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    fields = (f'<input type="hidden" name="username" value="{html.escape(email)}">'
              f'<input type="hidden" name="session" value="{html.escape(session)}">'
              + _field("password", "New password (at least 12 characters, with a number)", "password",
                       autocomplete="new-password"))
    return _page("Choose your password", note + _form("newPassword", params, fields, "Save and sign in"), status)


@bp.route(f"{PREFIX}/newPassword", methods=["POST"], content_types=[FORM])
@_hosted_page
def new_password(params: dict[str, str]) -> Response:
    settings = _settings()
    email = params.get("username", "").strip().lower()
    idp = _idp()
    try:
        idp.admin_respond_to_auth_challenge(
            UserPoolId=settings.user_pool_id, ClientId=settings.web_client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=params.get("session", ""),
            ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": params.get("password", "")})
    except idp.exceptions.InvalidPasswordException as exc:
        return _new_password_page(params, email, params.get("session", ""),
                                  exc.response.get("Error", {}).get("Message", "Choose another password."), 400)
    except (idp.exceptions.NotAuthorizedException, idp.exceptions.UserNotFoundException):
        return _login_page(params, "Sign in again with your temporary password.", email, 400)
    user = idp.admin_get_user(UserPoolId=settings.user_pool_id, Username=email)
    return _grant(params, user["Username"])


def _grant(params: dict[str, str], username: str) -> Response:
    code = secrets.token_urlsafe(24)
    with _PENDING.lock:
        _PENDING.grants[code] = _Grant(username=username, client_id=params["client_id"],
                                       redirect_uri=params["redirect_uri"], challenge=params["code_challenge"],
                                       scopes=(params.get("scope") or "").split(), expires=time.time() + CODE_SECONDS)
    query = {"code": code, **({"state": params["state"]} if params.get("state") else {})}
    return Response(body="", status_code=302, headers={"Location": f"{params['redirect_uri']}?{urlencode(query)}"})


def _send_code(email: str, subject: str, code: str) -> None:
    """Cognito mails these codes itself; locally they go to the outbox and the console."""
    _send_mail(email, subject, f"Your code is {code}\n\nIt expires in 24 hours. If you did not ask for it, "
                               "ignore this message.\n\nThe ECE Registry team")


def _confirm_page(params: dict[str, str], email: str, message: str = "", status: int = 200) -> Response:
    note = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    body = note + "<p>We sent a code to your email. On the local stack it is in the outbox and the console.</p>"
    body += _form("confirm", {**params, "username": email}, f'<input type="hidden" name="username" '
                  f'value="{html.escape(email)}">' + _field("code", "Code", autocomplete="one-time-code"), "Confirm")
    return _page("Confirm your email", body, status)


@bp.route(f"{PREFIX}/signup", methods=["GET", "POST"], content_types=[FORM])
@_hosted_page
def signup(params: dict[str, str]) -> Response:
    fields = (_field("username", "Email", "email", params.get("username", ""), "email")
              + _field("password", "Password (at least 12 characters, with a number)", "password",
                       autocomplete="new-password"))
    if bp.current_request.method == "GET":
        return _page("Create your registry account", _form("signup", params, fields, "Create account"))
    settings = _settings()
    email = params.get("username", "").strip().lower()
    idp = _idp()
    try:
        idp.sign_up(ClientId=settings.web_client_id, Username=email, Password=params.get("password", ""),
                    UserAttributes=[{"Name": "email", "Value": email}])
    except idp.exceptions.UsernameExistsException:
        return _login_page(params, "An account with this email exists: sign in or reset your password.", email, 400)
    except (idp.exceptions.InvalidPasswordException, idp.exceptions.InvalidParameterException) as exc:
        message = exc.response.get("Error", {}).get("Message", "Choose another password.")
        return _page("Create your registry account",
                     f'<p class="error" role="alert">{html.escape(message)}</p>'
                     + _form("signup", params, fields, "Create account"), 400)
    code = f"{secrets.randbelow(1_000_000):06d}"
    with _PENDING.lock:
        _PENDING.codes[email] = code
    _send_code(email, "Your ECE Registry verification code", code)
    return _confirm_page(params, email)


@bp.route(f"{PREFIX}/confirm", methods=["POST"], content_types=[FORM])
@_hosted_page
def confirm(params: dict[str, str]) -> Response:
    email = params.get("username", "").strip().lower()
    with _PENDING.lock:
        expected = _PENDING.codes.get(email)
    if not expected or not hmac.compare_digest(expected, params.get("code", "").strip()):
        return _confirm_page(params, email, "That code is not right. Check the latest email and try again.", 400)
    settings = _settings()
    idp = _idp()
    idp.confirm_sign_up(ClientId=settings.web_client_id, Username=email, ConfirmationCode=expected)
    with _PENDING.lock:
        _PENDING.codes.pop(email, None)
    user = idp.admin_get_user(UserPoolId=settings.user_pool_id, Username=email)
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    from chalicelib.events.sign_up import handle_post_confirmation

    # Cognito's PostConfirmation event, as AWS would send it to the function the template wires.
    handle_post_confirmation({"version": "1", "triggerSource": "PostConfirmation_ConfirmSignUp",
                              "region": "us-east-1", "userPoolId": settings.user_pool_id,
                              "userName": user["Username"], "callerContext": {"clientId": settings.web_client_id},
                              "request": {"userAttributes": {**attributes, "cognito:user_status": "CONFIRMED"}},
                              "response": {}}, None)
    return _login_page(params, "", email)


@bp.route(f"{PREFIX}/forgotPassword", methods=["GET", "POST"], content_types=[FORM])
@_hosted_page
def forgot_password(params: dict[str, str]) -> Response:
    if bp.current_request.method == "GET":
        return _page("Reset your password", _form("forgotPassword", params,
                                                   _field("username", "Email", "email", autocomplete="username"),
                                                   "Send me a code"))
    settings = _settings()
    email = params.get("username", "").strip().lower()
    idp = _idp()
    try:
        response = idp.forgot_password(ClientId=settings.web_client_id, Username=email)
        moto_code = response["ResponseMetadata"]["HTTPHeaders"].get("x-moto-forgot-password-confirmation-code", "")
        code = f"{secrets.randbelow(1_000_000):06d}"
        with _PENDING.lock:
            _PENDING.reset_codes[email] = (code, moto_code)
        _send_code(email, "Your ECE Registry password reset code", code)
    except (idp.exceptions.UserNotFoundException, idp.exceptions.ResourceNotFoundException):
        pass  # as Cognito with PreventUserExistenceErrors: the answer does not tell who has an account
    fields = (f'<input type="hidden" name="username" value="{html.escape(email)}">'
              + _field("code", "Code", autocomplete="one-time-code")
              + _field("password", "New password", "password", autocomplete="new-password"))
    return _page("Reset your password", "<p>If an account uses this email, we sent it a code.</p>"
                 + _form("confirmForgotPassword", params, fields, "Set password"))


@bp.route(f"{PREFIX}/confirmForgotPassword", methods=["POST"], content_types=[FORM])
@_hosted_page
def confirm_forgot_password(params: dict[str, str]) -> Response:
    email = params.get("username", "").strip().lower()
    with _PENDING.lock:
        code, moto_code = _PENDING.reset_codes.get(email, ("", ""))
    if not code or not hmac.compare_digest(code, params.get("code", "").strip()):
        return _error("That code is not right. Ask for a new one from the sign-in page.")
    idp = _idp()
    try:
        idp.confirm_forgot_password(ClientId=_settings().web_client_id, Username=email, ConfirmationCode=moto_code,
                                    Password=params.get("password", ""))
    except idp.exceptions.InvalidPasswordException as exc:
        return _error(exc.response.get("Error", {}).get("Message", "Choose another password."))
    with _PENDING.lock:
        _PENDING.reset_codes.pop(email, None)
    return _login_page(params, "", email)


@bp.route(f"{PREFIX}/logout", methods=["GET"])
def logout() -> Response:
    params = dict(bp.current_request.query_params or {})
    settings = _settings()
    if params.get("client_id") != settings.web_client_id:
        return _error("Unknown app client.")
    client = _idp().describe_user_pool_client(UserPoolId=settings.user_pool_id,
                                              ClientId=settings.web_client_id)["UserPoolClient"]
    target = params.get("logout_uri", "")
    if target not in client.get("LogoutURLs", []):
        return _error("This sign-out address is not registered for the app.")
    return Response(body="", status_code=302, headers={"Location": target})


# ---------------------------------------------------------------- /oauth2/token

def _token_error(error: str, status: int = 400) -> Response:
    import json

    return Response(body=json.dumps({"error": error}), status_code=status,
                    headers={"Content-Type": "application/json", "Cache-Control": "no-store",
                             "Access-Control-Allow-Origin": "*"})


def _token_response(body: dict[str, Any]) -> Response:
    import json

    return Response(body=json.dumps(body), status_code=200,
                    headers={"Content-Type": "application/json", "Cache-Control": "no-store",
                             "Access-Control-Allow-Origin": "*"})


def _basic_credentials() -> tuple[str, str] | None:
    scheme, _, encoded = (bp.current_request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
    except ValueError:
        return None
    return client_id, secret


@bp.route(f"{PREFIX}/oauth2/token", methods=["POST"], content_types=[FORM])
def token() -> Response:
    params = _form_params()
    settings = _settings()
    grant = params.get("grant_type")
    if grant == "authorization_code":
        with _PENDING.lock:
            pending = _PENDING.grants.pop(params.get("code", ""), None)  # a code is good once
        if pending is None or pending.expires < time.time():
            return _token_error("invalid_grant")
        if params.get("client_id") != pending.client_id or params.get("redirect_uri") != pending.redirect_uri:
            return _token_error("invalid_grant")
        verifier = params.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or not hmac.compare_digest(challenge, pending.challenge):
            return _token_error("invalid_grant")
        return _token_response(user_tokens(settings.user_pool_id, pending.client_id, pending.username,
                                           pending.scopes))
    if grant == "refresh_token":
        pool = _pool(settings.user_pool_id)
        found = pool.refresh_tokens.get(params.get("refresh_token", ""))
        if not found or found[0] != params.get("client_id"):
            return _token_error("invalid_grant")
        client_id, username, _ = found
        client = _idp().describe_user_pool_client(UserPoolId=settings.user_pool_id,
                                                  ClientId=client_id)["UserPoolClient"]
        body = user_tokens(settings.user_pool_id, client_id, username, client.get("AllowedOAuthScopes", []))
        body.pop("refresh_token")  # Cognito keeps the refresh token the client already has
        return _token_response(body)
    if grant == "client_credentials":
        credentials = _basic_credentials()
        if credentials is None:
            return _token_error("invalid_client", 401)
        client_id, secret = credentials
        known = _client_secrets(settings.user_pool_id, client_id)
        if not any(hmac.compare_digest(secret, s) for s in known):
            return _token_error("invalid_client", 401)
        client = _idp().describe_user_pool_client(UserPoolId=settings.user_pool_id,
                                                  ClientId=client_id)["UserPoolClient"]
        if "client_credentials" not in client.get("AllowedOAuthFlows", []):
            return _token_error("unauthorized_client")
        allowed = client.get("AllowedOAuthScopes", [])
        asked = (params.get("scope") or "").split() or allowed
        if not set(asked) <= set(allowed):
            return _token_error("invalid_scope")
        return _token_response(client_token(settings.user_pool_id, client_id, asked))
    return _token_error("unsupported_grant_type")
