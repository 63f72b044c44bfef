echo "worker started at $(date)"
exec sleep 3600
