"""Chain self-controllability (产业链安全): chokepoints, 强链/补链/延链, target lists, warnings, watch."""

from chainnav.security.assess import SecurityAssessment, assess
from chainnav.security.params import ChokepointWeights, SecurityParams, load_params

__all__ = ["ChokepointWeights", "SecurityAssessment", "SecurityParams", "assess", "load_params"]
