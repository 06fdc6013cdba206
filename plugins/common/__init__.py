"""What the Safe Harbour plugins share: settings with their defaults, and the story schema."""
