"""The account moto's embedded cloud runs as (its default), shared by the stack and the Cognito stand-ins."""

LOCAL_ACCOUNT_ID = "123456789012"
