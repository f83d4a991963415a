"""HTTP API: one blueprint per audience. Routes parse, authorise, call a service, shape the response."""
