"""Data and helpers the tests share at collection time (parametrize tables, personas); not test modules."""
