"""survey: an accessible survey platform."""
