"""Questions asked of the stored rows, shared by the workflows' steps and the services: an
application's eligibility, the institutions that can take a child, what a claim may bill and
each line's subsidy (written back in batches), the settlement policy in force, what is still
unpaid. Below workflows and services: no actor, no workflow definition, no audit row."""
