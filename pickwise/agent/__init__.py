"""The chat agent: reading messages, the user profile, re-ranking and explanations."""

from pickwise.agent.app import AgentConfig, Pickwise, Reply
from pickwise.agent.profile import Entry, Profile, ProfileStore
from pickwise.agent.rerank import Pick
from pickwise.agent.tools import make_tools

__all__ = [
    "AgentConfig",
    "Entry",
    "Pick",
    "Pickwise",
    "Profile",
    "ProfileStore",
    "Reply",
    "make_tools",
]
