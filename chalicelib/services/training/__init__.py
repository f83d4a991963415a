"""The training module: sponsors publish trainings, people enrol, and attended hours become verified records.

- An agency applies to be a training sponsor; registry staff approve or deny. On approval the applicant is the
  contact manager and gets the sponsor role (their Cognito group): `sponsors`, `instructors`.
- Managers keep a catalogue and schedule events from it (published on the public calendar, or invite-only with
  a private code), with a capacity: `catalogue`; past it, people join a waitlist and move up when someone
  withdraws: `enrolment`.
- Managers mark attendance; each attended enrolment becomes a verified training record (source: the sponsor)
  on the person's record, in the same transaction as its event `training.attended` for partners: `attendance`.
- Attendees answer a survey (`survey`); the sponsor reads its Excel report (`sponsor_report`) and files the
  state's Direct Service Profile Report (`direct_service_profile`).
"""
