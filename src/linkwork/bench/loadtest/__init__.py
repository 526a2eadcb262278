"""`make loadtest`: drive the production server with signed-in users of every role and report
how each page holds up (see README, "Under load").

The client is the standard library's (threads, http.client), so the harness adds no dependency;
only `secrets` touches Django, to read the demo logins' authenticator keys from the database the
server uses.
"""
