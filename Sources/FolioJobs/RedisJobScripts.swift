/// The Lua scripts behind ``RedisJobQueue``: each state change of a job runs inside Redis as
/// one atomic step, so a lease, its token check and the stream bookkeeping never interleave
/// with another worker's.
///
/// Keys: `KEYS[1]` the stream, `KEYS[2]` the dead-letter stream, `KEYS[3]` the index (sorted
/// set of ids by submission time), `KEYS[4]` the job's hash. A job's hash holds `entry`, the id
/// of its live stream entry; an entry that is not the live one is stale and only acknowledged.
enum RedisJobScripts {
    /// ARGV: id, kind, title, payload, max_attempts, created_at.
    static let enqueue = """
        local entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[1])
        redis.call('HSET', KEYS[4], 'id', ARGV[1], 'kind', ARGV[2], 'title', ARGV[3], 'payload', ARGV[4],
          'status', 'queued', 'attempts', 0, 'max_attempts', ARGV[5], 'created_at', ARGV[6], 'entry', entry,
          'cancel_requested', 0)
        redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
        return entry
        """

    /// Shared by the scripts that take a job's entry off the stream.
    private static let helpers = """
        local function drop(entry)
          redis.call('XACK', KEYS[1], ARGV[1], entry)
          redis.call('XDEL', KEYS[1], entry)
        end
        local function requeue(id)
          redis.call('HSET', KEYS[4], 'status', 'queued', 'token', '')
          local entry = redis.call('XADD', KEYS[1], '*', 'id', id)
          redis.call('HSET', KEYS[4], 'entry', entry)
        end
        local function bury(id, now, message)
          redis.call('HSET', KEYS[4], 'status', 'failed', 'finished_at', now, 'token', '', 'error', message)
          redis.call('XADD', KEYS[2], '*', 'id', id, 'error', message)
        end
        """

    /// ARGV: group, entry, id, worker, token, now. Returns `{'leased', fields…}`, `{'dead'}` or `{'skip'}`.
    static let claim = helpers + "\n" + """
        local status = redis.call('HGET', KEYS[4], 'status')
        if not status or redis.call('HGET', KEYS[4], 'entry') ~= ARGV[2] then
          drop(ARGV[2]); return {'skip'}
        end
        if status == 'done' or status == 'failed' or status == 'cancelled' then
          drop(ARGV[2]); return {'skip'}
        end
        if status == 'running' then
          -- Its holder's lease ran out (the entry sat idle past it): take it over.
          if redis.call('HGET', KEYS[4], 'cancel_requested') == '1' then
            redis.call('HSET', KEYS[4], 'status', 'cancelled', 'finished_at', ARGV[6], 'token', '')
            drop(ARGV[2]); return {'skip'}
          end
          local attempts = tonumber(redis.call('HGET', KEYS[4], 'attempts'))
          local max = tonumber(redis.call('HGET', KEYS[4], 'max_attempts'))
          if attempts >= max then
            local last = redis.call('HGET', KEYS[4], 'error')
            local message = 'its worker stopped answering during attempt ' .. attempts .. ' of ' .. max
            if last and last ~= '' then message = message .. '; last error: ' .. last end
            bury(ARGV[3], ARGV[6], message)
            drop(ARGV[2]); return {'dead'}
          end
        end
        redis.call('HSET', KEYS[4], 'status', 'running', 'worker', ARGV[4], 'token', ARGV[5], 'started_at', ARGV[6])
        redis.call('HINCRBY', KEYS[4], 'attempts', 1)
        local reply = redis.call('HGETALL', KEYS[4])
        table.insert(reply, 1, 'leased')
        return reply
        """

    /// ARGV: group, token, consumer, has_progress, completed, total, message.
    /// Returns -1 when the lease is lost, else the cancel flag (0 or 1).
    static let heartbeat = """
        if redis.call('HGET', KEYS[4], 'status') ~= 'running' or redis.call('HGET', KEYS[4], 'token') ~= ARGV[2] then
          return -1
        end
        -- Claiming the entry again resets its idle time, so XAUTOCLAIM leaves a live job alone.
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, redis.call('HGET', KEYS[4], 'entry'), 'JUSTID')
        if ARGV[4] == '1' then
          redis.call('HSET', KEYS[4], 'progress_completed', ARGV[5], 'progress_total', ARGV[6], 'progress_message', ARGV[7])
        end
        return tonumber(redis.call('HGET', KEYS[4], 'cancel_requested'))
        """

    /// ARGV: group, token, ending (`done`, `retry`, `permanent`, `released`, `cancelled`), text, now, id.
    /// Returns 0 when the lease is lost, else 1.
    static let finish = helpers + "\n" + """
        if redis.call('HGET', KEYS[4], 'status') ~= 'running' or redis.call('HGET', KEYS[4], 'token') ~= ARGV[2] then
          return 0
        end
        drop(redis.call('HGET', KEYS[4], 'entry'))
        local ending = ARGV[3]
        if ending == 'done' then
          redis.call('HSET', KEYS[4], 'status', 'done', 'result', ARGV[4], 'finished_at', ARGV[5], 'token', '')
          redis.call('HDEL', KEYS[4], 'error')
        elseif ending == 'retry' then
          redis.call('HSET', KEYS[4], 'error', ARGV[4])
          local attempts = tonumber(redis.call('HGET', KEYS[4], 'attempts'))
          if attempts >= tonumber(redis.call('HGET', KEYS[4], 'max_attempts')) then
            bury(ARGV[6], ARGV[5], ARGV[4])
          else
            requeue(ARGV[6])
          end
        elseif ending == 'permanent' then
          redis.call('HSET', KEYS[4], 'status', 'failed', 'finished_at', ARGV[5], 'token', '', 'error', ARGV[4])
        elseif ending == 'released' then
          redis.call('HINCRBY', KEYS[4], 'attempts', -1)
          requeue(ARGV[6])
        else
          redis.call('HSET', KEYS[4], 'status', 'cancelled', 'finished_at', ARGV[5], 'token', '')
        end
        return 1
        """

    /// ARGV: now. Returns the job's fields, or an empty array when there is no such job.
    static let cancel = """
        local status = redis.call('HGET', KEYS[4], 'status')
        if not status then return {} end
        if status == 'queued' then
          redis.call('HSET', KEYS[4], 'status', 'cancelled', 'finished_at', ARGV[1])
        elseif status == 'running' then
          redis.call('HSET', KEYS[4], 'cancel_requested', 1)
        end
        return redis.call('HGETALL', KEYS[4])
        """
}
