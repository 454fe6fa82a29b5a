# The full Makefile (install, run, test ...) lands from main; production serving lives in
# serve.mk, kept in its own file so it merges as one line here.
include serve.mk
