FROM x
CMD gunicorn -w 2 \