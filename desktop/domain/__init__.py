"""Pure domain rules: no Qt, no I/O. Everything here can be tested with plain values."""
