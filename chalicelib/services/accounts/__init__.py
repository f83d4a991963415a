"""Accounts: people who sign in, their profiles, programs and employment, and the mail the registry sends them."""
