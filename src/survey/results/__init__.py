"""Public results: tables with disclosure control, weights, differences between groups."""
