"""A simulation study of the evaluation's estimators: worlds with planted effects, the true
value of every published estimate, and the coverage of its interval over replications. Pure."""
