"""Records and reports: verified records and their corrections, the reports and credentials issued from them,
and what closing a profile and retention remove."""
