from .jobs import Job, JobStatus
from .users import Role, User

__all__ = ["Job", "JobStatus", "Role", "User"]
