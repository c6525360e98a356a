FROM x
CMD ["gunicorn", 4]
ENTRYPOINT [gunicorn
RUNN echo
CMD gunicorn "unterminated
ENV GUNICORN_CMD_ARGS="--workers
ENV WEB_CONCURRENCY=${N}
