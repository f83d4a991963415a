/* Sign-in for the web app: OAuth 2.0 authorization code with PKCE against the Cognito domain (or its local
   stand-in), tokens kept in this tab's sessionStorage only, refreshed shortly before they expire. */
"use strict";

window.Auth = (() => {
  const store = sessionStorage;
  let config = null;

  function b64url(bytes) {
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function claimsOf(jwt) {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  }

  async function loadConfig(base) {
    if (!config) config = await (await fetch(`${base}/v1/auth/config`)).json();
    return config;
  }

  async function go(base, page) {
    const c = await loadConfig(base);
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(48)));
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
    store.setItem("pkce_verifier", verifier);
    store.setItem("pkce_state", state);
    store.setItem("after_sign_in", location.hash || "");
    const params = new URLSearchParams({ response_type: "code", client_id: c.client_id, redirect_uri: c.redirect_uri,
      scope: c.scope, state, code_challenge: b64url(digest), code_challenge_method: "S256" });
    location.assign(`${c.auth_base_url}/${page}?${params}`);
  }

  async function tokenRequest(fields) {
    const response = await fetch(`${config.auth_base_url}/oauth2/token`, {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields) });
    if (!response.ok) throw new Error("Sign-in did not complete. Please sign in again.");
    return response.json();
  }

  function keep(tokens) {
    store.setItem("access_token", tokens.access_token);
    store.setItem("expires_at", String(Date.now() + tokens.expires_in * 1000));
    if (tokens.refresh_token) store.setItem("refresh_token", tokens.refresh_token);
    const claims = claimsOf(tokens.id_token);
    store.setItem("user", JSON.stringify({ id: claims.sub, roles: claims["cognito:groups"] || [],
      name: claims.email || claims.sub }));
  }

  /* Back from the sign-in page with ?code=...&state=...: check the state, trade the code for tokens. */
  async function complete(base) {
    const query = new URLSearchParams(location.search);
    if (!query.has("code") && !query.has("error")) return false;
    const expected = store.getItem("pkce_state");
    const verifier = store.getItem("pkce_verifier");
    store.removeItem("pkce_state"); store.removeItem("pkce_verifier");
    history.replaceState(null, "", location.pathname + (store.getItem("after_sign_in") || ""));
    if (query.has("error")) throw new Error(query.get("error_description") || query.get("error"));
    if (!expected || query.get("state") !== expected) throw new Error("The sign-in answer did not match this tab. Please sign in again.");
    const c = await loadConfig(base);
    keep(await tokenRequest({ grant_type: "authorization_code", client_id: c.client_id, code: query.get("code"),
      redirect_uri: c.redirect_uri, code_verifier: verifier }));
    return true;
  }

  /* The access token, refreshed when it has less than a minute left. */
  async function token(base) {
    const current = store.getItem("access_token");
    if (!current) return null;
    if (Number(store.getItem("expires_at") || 0) - Date.now() > 60000) return current;
    const refresh = store.getItem("refresh_token");
    if (!refresh) return null;
    const c = await loadConfig(base);
    try {
      keep(await tokenRequest({ grant_type: "refresh_token", client_id: c.client_id, refresh_token: refresh }));
    } catch (_) { return null; }
    return store.getItem("access_token");
  }

  async function signOut(base) {
    const c = await loadConfig(base);
    store.clear();
    const params = new URLSearchParams({ client_id: c.client_id, logout_uri: c.redirect_uri });
    location.assign(`${c.auth_base_url}/logout?${params}`);
  }

  return {
    signIn: (base) => go(base, "oauth2/authorize"),
    signUp: (base) => go(base, "signup"),
    complete, token, signOut,
    user: () => JSON.parse(store.getItem("user") || "null"),
    signedIn: () => !!store.getItem("access_token"),
  };
})();
