"""Test doubles of the providers' APIs: each provider's documented wire format served on 127.0.0.1 (`kb
fake-providers`, `kb check --live --against`), from the KB's own records. Kept apart from the code that talks to
the real APIs and from what the site ships; only tests, benchmarks and a contributor's local runs use them."""
