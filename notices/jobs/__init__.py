"""Jobs: rendering, issuing's render-and-archive step, PDF/A re-renders and register exports as idempotent
works on a queue, so that any machine that reaches the database can help (``notices worker``).

A room of its own, on top of the spine and the register (nothing below imports it):

- :mod:`notices.jobs.tables`: inputs by hash, works keyed per agency, runs, outputs, batches;
- :mod:`notices.jobs.work`: what a worker does with one work (render, archive an issued number, export);
- :mod:`notices.jobs.queue`: PostgreSQL → procrastinate (``notices worker``); SQLite → in this process;
- :mod:`notices.jobs.batches`: put a batch of records on the queue, follow it, write its outputs, its ZIP.
"""
