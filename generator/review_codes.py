"""The exit codes of `noticegen review`, apart from review.py: the command
line lists them in its help, and importing review (check, the detector,
the disclosures) was a third of a build that changes nothing."""

EXIT_MINOR = 0
EXIT_NOTICE_PERIOD = 3
EXIT_SIGNIFICANT = 4
EXIT_CODES = f"""exit codes:
  {EXIT_MINOR}  no significant change on any site (or no change at all)
  {EXIT_NOTICE_PERIOD}  a significant change on a site that requires a notice period: the report
     states the earliest effective date (people must be notified)
  {EXIT_SIGNIFICANT}  a significant change, but no site it concerns requires a notice period
     (people must be notified; no date follows from it)
  1  a problem (git, an unreadable notice, a file that cannot be written)
  2  a usage error (an unknown revision or site, BASE and HEAD the same)"""
