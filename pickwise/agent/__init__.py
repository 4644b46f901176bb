"""The chat agent: reading messages, the user profile, re-ranking and explanations."""
