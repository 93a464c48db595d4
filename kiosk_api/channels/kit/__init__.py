"""The channel kit: what every messaging channel needs, so that a channel is an adapter of a page or two (see
docs/channels.md).

- `hub`: the hub's citizen API client, and idempotent client ids;
- `turns`: a citizen's message into their conversation (started, or started again once erased) and the turn back;
- `addresses`: an address book (which conversation each citizen is in) for channels that name citizens with text;
- `outbox`: the worker that pushes what staff write, reminders and offers, exactly once, with retries and backoff;
- `attachments`: a citizen's file to their caseworker;
- `text`: splitting under a length limit, right-to-left marks;
- `store`: a channel's database calls, off its event loop.

A channel adapter imports the kit, the message layer (`kiosk_api.nlg`) and the registries, never the hub's domains
(an import-linter contract in pyproject.toml)."""
