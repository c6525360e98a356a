FROM debian
ENV WEB_CONCURRENCY 3
ENV A=1 GUNICORN_CMD_ARGS='-w 2 --max-requests 1000 --max-requests-jitter 50'
CMD ["sh", "-c", "cd /app && python -m gunicorn -w 8 -t 60 main:app"]
