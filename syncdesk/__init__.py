"""SyncDesk: see and resolve the sync errors between an ERP and a CRM."""

__version__ = "0.1.0"
