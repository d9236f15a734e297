"""The floor both halves stand on: pure text helpers (names, sentences, dates, companies, schema.org data,
what is too private to use, what tries to instruct a model). Nothing here imports the rest of the project
but `server.models`."""
