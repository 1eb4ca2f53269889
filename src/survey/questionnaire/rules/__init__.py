"""Assessment rules, one module per concern."""
