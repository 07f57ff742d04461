# richards: Martin Richards' operating-system simulation (an idle task, a worker, two
# packet handlers and two devices exchanging packets through a priority scheduler).
#
# Stresses:   object-heavy code: small classes, subclass method dispatch, attribute
#             reads and writes, linked lists of packets; no sharing.
# Scaling:    strong. `iterations` complete simulations; simulation k runs on thread
#             k % nthreads, each in its own Scheduler instance (no module-level state,
#             so the instances are independent).
# Sharing:    none (the classes are shared, read-only). Each thread returns its sums.
# Sync:       join only.
# Result:     (total packets queued, total holds) over all simulations. One simulation
#             with count=10000 gives the classic (23246, 9297).
#
# CPython 3.11, this machine, 1 thread: tiny 2 ms, small 0.24 s, medium 0.97 s, large 10 s.

import threading

SIZES = {
    "tiny": {"iterations": 2, "count": 300},
    "small": {"iterations": 8, "count": 10000},
    "medium": {"iterations": 32, "count": 10000},
    "large": {"iterations": 320, "count": 10000},
}

I_IDLE = 0
I_WORK = 1
I_HANDLER_A = 2
I_HANDLER_B = 3
I_DEV_A = 4
I_DEV_B = 5
NTASKS = 6

K_DEV = 1000
K_WORK = 1001

BUFSIZE = 4


class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFSIZE

    def append_to(self, queue):
        """Append self at the end of queue; return the queue's new head."""
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class Task:
    """A task control block. The state is three flags, as in the original:
    packet_pending (input queue not empty), waiting, holding."""

    def __init__(self, sched, ident, priority, queue, waiting):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.input = queue
        self.packet_pending = queue is not None
        self.waiting = waiting
        self.holding = False
        self.link = sched.task_list
        sched.task_list = self
        sched.tasks[ident] = self

    def held_or_suspended(self):
        return self.holding or (not self.packet_pending and self.waiting)

    def run_task(self):
        if self.packet_pending and self.waiting and not self.holding:
            msg = self.input
            self.input = msg.link
            self.waiting = False
            self.packet_pending = self.input is not None
        else:
            msg = None
        return self.step(msg)

    def add_packet(self, pkt, current):
        """Queue pkt on this task; return the task that runs next."""
        if self.input is None:
            self.input = pkt
            self.packet_pending = True
            if self.priority > current.priority:
                return self
        else:
            self.input = pkt.append_to(self.input)
        return current

    # The operations a task's step uses; each returns the next task to run.

    def wait(self):
        self.waiting = True
        return self

    def hold(self):
        self.sched.hold_count += 1
        self.holding = True
        return self.link

    def release(self, ident):
        t = self.sched.tasks[ident]
        t.holding = False
        if t.priority > self.priority:
            return t
        return self

    def queue_packet(self, pkt):
        t = self.sched.tasks[pkt.ident]
        self.sched.queue_count += 1
        pkt.link = None
        pkt.ident = self.ident
        return t.add_packet(pkt, self)


class IdleTask(Task):
    def __init__(self, sched, ident, priority, count):
        Task.__init__(self, sched, ident, priority, None, False)
        self.control = 1
        self.count = count

    def step(self, pkt):
        self.count -= 1
        if self.count == 0:
            return self.hold()
        if self.control & 1 == 0:
            self.control = self.control // 2
            return self.release(I_DEV_A)
        self.control = (self.control // 2) ^ 0xD008
        return self.release(I_DEV_B)


class WorkTask(Task):
    def __init__(self, sched, ident, priority, queue):
        Task.__init__(self, sched, ident, priority, queue, True)
        self.destination = I_HANDLER_A
        self.count = 0

    def step(self, pkt):
        if pkt is None:
            return self.wait()
        if self.destination == I_HANDLER_A:
            self.destination = I_HANDLER_B
        else:
            self.destination = I_HANDLER_A
        pkt.ident = self.destination
        pkt.datum = 0
        for i in range(BUFSIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            pkt.data[i] = self.count
        return self.queue_packet(pkt)


class HandlerTask(Task):
    def __init__(self, sched, ident, priority, queue):
        Task.__init__(self, sched, ident, priority, queue, True)
        self.work_in = None
        self.device_in = None

    def step(self, pkt):
        if pkt is not None:
            if pkt.kind == K_WORK:
                self.work_in = pkt.append_to(self.work_in)
            else:
                self.device_in = pkt.append_to(self.device_in)
        work = self.work_in
        if work is None:
            return self.wait()
        count = work.datum
        if count >= BUFSIZE:
            self.work_in = work.link
            return self.queue_packet(work)
        dev = self.device_in
        if dev is None:
            return self.wait()
        self.device_in = dev.link
        dev.datum = work.data[count]
        work.datum = count + 1
        return self.queue_packet(dev)


class DeviceTask(Task):
    def __init__(self, sched, ident, priority):
        Task.__init__(self, sched, ident, priority, None, True)
        self.pending = None

    def step(self, pkt):
        if pkt is None:
            pkt = self.pending
            if pkt is None:
                return self.wait()
            self.pending = None
            return self.queue_packet(pkt)
        self.pending = pkt
        return self.hold()


class Scheduler:
    def __init__(self, count):
        self.tasks = [None] * NTASKS
        self.task_list = None
        self.hold_count = 0
        self.queue_count = 0

        IdleTask(self, I_IDLE, 1, count)
        queue = Packet(None, I_WORK, K_WORK)
        queue = Packet(queue, I_WORK, K_WORK)
        WorkTask(self, I_WORK, 1000, queue)
        queue = Packet(None, I_DEV_A, K_DEV)
        queue = Packet(queue, I_DEV_A, K_DEV)
        queue = Packet(queue, I_DEV_A, K_DEV)
        HandlerTask(self, I_HANDLER_A, 2000, queue)
        queue = Packet(None, I_DEV_B, K_DEV)
        queue = Packet(queue, I_DEV_B, K_DEV)
        queue = Packet(queue, I_DEV_B, K_DEV)
        HandlerTask(self, I_HANDLER_B, 3000, queue)
        DeviceTask(self, I_DEV_A, 4000)
        DeviceTask(self, I_DEV_B, 5000)

    def schedule(self):
        t = self.task_list
        while t is not None:
            if t.held_or_suspended():
                t = t.link
            else:
                t = t.run_task()


def worker(tid, nthreads, params, out):
    queued = 0
    holds = 0
    for _ in range(tid, params["iterations"], nthreads):
        sched = Scheduler(params["count"])
        sched.schedule()
        queued += sched.queue_count
        holds += sched.hold_count
    out[tid] = (queued, holds)


def run(nthreads, params):
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queued = 0
    holds = 0
    for q, h in out:
        queued += q
        holds += h
    return (queued, holds)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (1438, 574),
    'small': (185968, 74376),
    'medium': (743872, 297504),
    'large': (7438720, 2975040),
}
