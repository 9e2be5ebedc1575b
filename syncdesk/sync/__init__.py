"""The sync engine, with no Qt: app endpoints, change detection and three-way merge, the job
runner, actions on sync errors, the job queue and the demo data."""
