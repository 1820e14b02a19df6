"""Self-hosting: several replicas of the app behind nginx (see README, "Deploy")."""
