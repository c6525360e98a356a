workers = \
    4
timeout = (
  300
)
# comment
	keepalive = 5
