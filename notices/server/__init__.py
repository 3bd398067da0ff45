"""The office's multi-user server: agencies, accounts, sessions, drafts stored with every version.

``notices.server.tables`` (schema), ``accounts`` (agencies, users, passwords, sessions, login throttling),
``drafts`` (drafts, versions, issue, search, downloads: every function takes the acting user and reads
only her agency), ``cli`` (``notices server|agencies|users``) and ``app`` (the Starlette app) sit on top
of the register (:mod:`notices.register`) and the web form's service functions (:mod:`notices.web.service`).
"""
