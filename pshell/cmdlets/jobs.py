"""The job cmdlets: Get-Job, Receive-Job, Wait-Job, Stop-Job, Remove-Job."""

from __future__ import annotations

from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.jobs.job import CHANGED, DISCONNECTED, FINISHED, SUSPENDED, Job, wait_for
from pshell.jobs.repository import JobRepository, job_repository
from pshell.remoting.receiving import relay_record

JOB_TYPE = "System.Management.Automation.Job"
STATES = ("NotStarted", "Running", "Completed", "Failed", "Stopped", "Blocked", "Suspended", "Disconnected",
          "Suspending", "Stopping", "AtBreakpoint")


def _not_found(kind: str, value: Any) -> ErrorRecord:
    texts = {
        "Id": (f"The command cannot find a job with the job ID {value}. Verify the value of the Id parameter and then "
               "try the command again.", "JobWithSpecifiedIdNotFound"),
        "Name": (f"The command cannot find the job because the job name {value} was not found. Verify the value of "
                 "the Name parameter, and then try the command again.", "JobWithSpecifiedNameNotFound"),
        "InstanceId": (f"The command cannot find a job with the instance identifier {value}. Verify the value of the "
                       "InstanceId parameter, and then try the command again.", "JobWithSpecifiedInstanceIdNotFound"),
    }
    message, error_id = texts[kind]
    return ErrorRecord(message, error_id, ErrorCategory.ObjectNotFound, target=value,
                       exception_type="System.Management.Automation.PSArgumentException")


class JobCmdlet(Cmdlet):
    """What the job cmdlets share: choosing jobs by object, Id, Name, InstanceId or State."""

    @property
    def repository(self) -> JobRepository:
        return job_repository(self.context)

    def chosen_jobs(self, *, children: bool = True) -> list[Job]:
        """The jobs by whichever parameter was given; a literal Id/Name that matches nothing is an error."""
        if self.is_bound("Job"):
            value = self.bound["Job"]
            return [j for j in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(j, Job)]
        jobs = self.repository.all(include_children=children)
        if self.is_bound("Id"):
            return self._pick(jobs, self.bound["Id"], "Id", lambda j, v: j.Id == int(v))
        if self.is_bound("Name"):
            return self._pick(jobs, self.bound["Name"], "Name", lambda j, v: wildcard_match(to_string(v), j.Name),
                              wildcards=True)
        if self.is_bound("InstanceId"):
            return self._pick(jobs, self.bound["InstanceId"], "InstanceId",
                              lambda j, v: j.InstanceId.lower() == to_string(v).lower())
        if self.is_bound("State"):
            return [j for j in self.repository.all() if j.State.lower() == to_string(self.bound["State"]).lower()]
        return self.repository.all()

    def _pick(self, jobs: list[Job], wanted: Any, kind: str, match: Any, *, wildcards: bool = False) -> list[Job]:
        chosen: list[Job] = []
        for value in wanted if isinstance(wanted, (list, tuple)) else [wanted]:
            found = [j for j in jobs if match(j, value)]
            if not found and not (wildcards and has_wildcard(to_string(value))):
                self.write_error(self.error_record(_not_found(kind, value)))
            chosen.extend(j for j in found if j not in chosen)
        return chosen


class _Selecting(JobCmdlet):
    Job = Param("Job[]", position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Job",),
                not_null_or_empty=True, help="The jobs, as objects.")
    Id = Param("int[]", position=0, mandatory=True, pipeline_by_name=True, sets=("Id",), help="Job Ids.")
    Name = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, sets=("Name",),
                 help="Job names (wildcards allowed).")
    InstanceId = Param("guid[]", position=0, mandatory=True, pipeline_by_name=True, sets=("InstanceId",),
                       help="Job instance ids.")
    State = Param("string", position=0, mandatory=True, pipeline_by_name=True, sets=("State",), choices=STATES,
                  help="Jobs in this state.")


@cmdlet(
    "Get-Job", aliases=("gjb",), default_set="Id",
    synopsis="Gets PowerShell background jobs that are running in the current session.",
    description="Lists this shell's jobs: remote jobs (Invoke-Command -AsJob, Receive-PSSession -OutTarget Job) "
    "and background jobs (Start-Job). -Id, -Name (wildcards), -InstanceId, -State, -Command (wildcards), "
    "-HasMoreData and -Newest filter; -IncludeChildJob lists child jobs too. A job whose session is disconnected "
    "is Disconnected, with HasMoreData True while its output waits on the computer.",
    outputs=JOB_TYPE,
    related=("Receive-Job", "Wait-Job", "Stop-Job", "Remove-Job", "Start-Job", "Invoke-Command"),
    examples=[
        Example("Get-Job", "Lists the jobs of this shell.", runnable=False),
        Example("Get-Job -State Completed -HasMoreData $true", "Jobs whose results are waiting.", runnable=False),
        Example("(Get-Job).Count", "No jobs yet.", output="0"),
    ],
)
class GetJob(JobCmdlet):
    Id = Param("int[]", position=0, pipeline_by_name=True, sets=("Id",), help="Job Ids.")
    Name = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, sets=("Name",),
                 help="Job names (wildcards allowed).")
    InstanceId = Param("guid[]", position=0, mandatory=True, pipeline_by_name=True, sets=("InstanceId",),
                       help="Job instance ids.")
    State = Param("string", position=0, mandatory=True, pipeline_by_name=True, sets=("State",), choices=STATES,
                  help="Jobs in this state.")
    Command = Param("string[]", pipeline_by_name=True, sets=("Command",), help="Jobs running these commands "
                                                                              "(wildcards allowed).")
    HasMoreData = Param("bool", help="Only jobs that have (or have no) results waiting.")
    Newest = Param("int", help="Only the most recent jobs.")
    IncludeChildJob = Param("switch", help="Lists child jobs too.")
    ChildJobState = Param("string", choices=STATES, help="Child jobs in this state.")

    def process(self) -> None:
        children = bool(self.IncludeChildJob) or self.is_bound("ChildJobState")
        if self.is_bound("Command"):
            patterns = [to_string(c) for c in self.Command]
            jobs = [j for j in self.repository.all() if any(wildcard_match(p, j.Command.strip()) for p in patterns)]
        elif any(self.is_bound(n) for n in ("Id", "Name", "InstanceId", "State")):
            jobs = self.chosen_jobs(children=True)
        else:
            jobs = self.repository.all(include_children=children)
        if self.is_bound("ChildJobState"):
            wanted = to_string(self.ChildJobState).lower()
            jobs = [j for j in jobs if not (self.repository.parent_of(j) and j.State.lower() != wanted)]
        if self.is_bound("HasMoreData"):
            jobs = [j for j in jobs if j.HasMoreData == bool(self.HasMoreData)]
        jobs.sort(key=lambda j: j.Id)
        if self.is_bound("Newest"):
            jobs = sorted(jobs, key=lambda j: j.PSBeginTime or j.PSEndTime or 0, reverse=True)[:max(0, self.Newest)]
            jobs.sort(key=lambda j: j.Id)
        for job in jobs:
            self.write_output(job)


@cmdlet(
    "Receive-Job", aliases=("rcjb",), default_set="Location",
    synopsis="Gets the results of the PowerShell background jobs in the current session.",
    description="Writes the results a job has collected and not yet given out — objects to the pipeline (with "
    "PSComputerName), errors, warnings and other streams to theirs. -Keep leaves them to be received again. "
    "-Wait goes on until the job finishes (or its session is disconnected; -Force waits through that too); "
    "-AutoRemoveJob then removes it. -WriteJobInResults writes the job object first.",
    related=("Get-Job", "Wait-Job", "Start-Job", "Invoke-Command"),
    examples=[
        Example("$j = Start-Job { 'hello' }; Receive-Job $j -Wait -AutoRemoveJob", "Waits for a job and gets its "
                "output.", output="hello"),
        Example("Get-Job | Receive-Job -Keep", "Shows every job's results and keeps them.", runnable=False),
    ],
)
class ReceiveJob(JobCmdlet):
    Job = Param("Job[]", position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Location",),
                not_null_or_empty=True, help="The jobs, as objects.")
    Id = Param("int[]", position=0, mandatory=True, pipeline_by_name=True, sets=("SessionIdParameterSet",),
               help="Job Ids.")
    Name = Param("string[]", position=0, mandatory=True, pipeline_by_name=True, sets=("NameParameterSet",),
                 help="Job names (wildcards allowed).")
    InstanceId = Param("guid[]", position=0, mandatory=True, pipeline_by_name=True,
                       sets=("InstanceIdParameterSet",), help="Job instance ids.")
    Keep = Param("switch", help="Keeps the results, to be received again.")
    NoRecurse = Param("switch", help="Only the job's own results, not its child jobs'.")
    Wait = Param("switch", help="Waits until the job finishes, writing results as they come.")
    Force = Param("switch", help="With -Wait: waits through a disconnection too.")
    AutoRemoveJob = Param("switch", help="With -Wait: removes the job once it is finished and received.")
    WriteEvents = Param("switch", help="Accepted for compatibility.")
    WriteJobInResults = Param("switch", help="Writes the job object before its results.")

    def process(self) -> None:
        for job in self.chosen_jobs():
            if self.WriteJobInResults:
                self.write_output(job)
            if self.Wait:
                self._receive_until_done(job)
            else:
                self._relay(job)
            if self.AutoRemoveJob and self.Wait and job.is_finished:
                self.repository.remove(job)

    def begin(self) -> None:
        self._given: dict[int, int] = {}  # with -Keep: how many of each job's kept results this call wrote

    def _relay(self, job: Job) -> None:
        for source, record in self._new_results(job):
            session = getattr(source, "session", None)
            relay_record(self.runtime, record, source.Location or "localhost",
                         getattr(session, "InstanceId", source.InstanceId), getattr(session, "Name", source.Name))

    def _has_new(self, job: Job) -> bool:
        if not self.Keep:
            return job.HasMoreData
        leaves = job.ChildJobs or [job]
        return any(len(leaf.receive(keep=True)) > self._given.get(id(leaf), 0) for leaf in leaves)

    def _new_results(self, job: Job) -> list[tuple[Job, Any]]:
        """The results to write now: those not yet received, and with -Keep (which leaves them
        unreceived) not those this call already wrote."""
        taken = job.receive(keep=bool(self.Keep))
        if not self.Keep:
            return taken
        fresh: list[tuple[Job, Any]] = []
        counts: dict[int, int] = {}
        for source, record in taken:
            counts[id(source)] = counts.get(id(source), 0) + 1
            if counts[id(source)] > self._given.get(id(source), 0):
                fresh.append((source, record))
        for key, count in counts.items():
            self._given[key] = max(count, self._given.get(key, 0))
        return fresh

    def _receive_until_done(self, job: Job) -> None:
        def settled(j: Job) -> bool:
            return j.State in FINISHED or (not self.Force and j.State in (DISCONNECTED, SUSPENDED))

        while True:
            with CHANGED:
                done = settled(job)
                if not done and not self._has_new(job):
                    self.context.about_to_wait()
                    CHANGED.wait(0.2)
            self._relay(job)
            if done or self.stopping:  # everything it had is written (a Disconnected job's rest waits)
                return


@cmdlet(
    "Wait-Job", aliases=("wjb",), default_set="SessionIdParameterSet",
    synopsis="Waits until one or all of the PowerShell jobs running in the session are in a terminating state.",
    description="Waits for the jobs to finish (Completed, Failed or Stopped) and then writes them. -Any returns when "
    "the first one finishes; -Timeout (seconds) gives up after that long and writes nothing. A job whose session "
    "is disconnected cannot finish until the session is connected again: Wait-Job returns it at once with a "
    "warning, unless -Force makes it wait for the job to finish.",
    outputs=JOB_TYPE,
    related=("Get-Job", "Receive-Job", "Start-Job"),
    examples=[
        Example("$j = Start-Job { Start-Sleep -Milliseconds 200; 'ok' }\n(Wait-Job $j).State; Remove-Job $j",
                "Waits for a job.", output="Completed"),
        Example("Get-Job | Wait-Job -Any -Timeout 30", "Waits up to 30 seconds for the first job to finish.",
                runnable=False),
    ],
)
class WaitJob(_Selecting):
    Job = Param("Job[]", position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Job",),
                not_null_or_empty=True, help="The jobs, as objects.")
    Id = Param("int[]", position=0, mandatory=True, pipeline_by_name=True, sets=("SessionIdParameterSet",),
               help="Job Ids.")
    Any = Param("switch", help="Returns when any one of the jobs finishes.")
    Timeout = Param("int", aliases=("TimeoutSec",), default=-1, range=(-1, 2147483647),
                    help="Seconds to wait at most (-1: no limit); on timeout nothing is written.")
    Force = Param("switch", help="Waits for Disconnected jobs to finish too.")

    def begin(self) -> None:
        self._jobs: list[Job] = []

    def process(self) -> None:
        for job in self.chosen_jobs():
            if job not in self._jobs:
                self._jobs.append(job)

    def end(self) -> None:
        if not self._jobs:
            return

        def done(job: Job) -> bool:
            return job.State in FINISHED or (not self.Force and job.State in (DISCONNECTED, SUSPENDED))

        for job in self._jobs:
            if not self.Force and job.State in (DISCONNECTED, SUSPENDED):
                self.write_warning(f"The job {job.Name} (Id {job.Id}) is {job.State}: it cannot finish until its "
                                   "session is connected again, so Wait-Job returns it now. Use the Force parameter "
                                   "to wait until it finishes.")
        timeout = None if self.Timeout is None or self.Timeout < 0 else float(self.Timeout)
        if not all(done(job) for job in self._jobs) and not (self.Any and any(done(job) for job in self._jobs)):
            self.context.about_to_wait()
        finished = wait_for(self._jobs, any_=bool(self.Any), timeout=timeout, done=done,
                            stopping=lambda: self.stopping)
        if self.Any:
            if finished:
                self.write_output(finished[0])
            return
        if len(finished) == len(self._jobs):
            for job in self._jobs:
                self.write_output(job)


@cmdlet(
    "Stop-Job", aliases=("spjb",), default_set="SessionIdParameterSet", supports_should_process=True,
    synopsis="Stops a PowerShell background job.",
    description="Stops each job: its command is stopped in its session (a Disconnected job's session is connected "
    "again to stop it) or its background process is ended. The job becomes Stopped and keeps the results it has. "
    "-PassThru writes the jobs.",
    related=("Get-Job", "Remove-Job", "Start-Job"),
    examples=[
        Example("$j = Start-Job { Start-Sleep 60 }; Stop-Job $j; $j.State; Remove-Job $j", "Stops a job.",
                output="Stopped"),
    ],
)
class StopJob(_Selecting):
    Id = Param("int[]", position=0, mandatory=True, pipeline_by_name=True, sets=("SessionIdParameterSet",),
               help="Job Ids.")
    PassThru = Param("switch", help="Writes the stopped jobs.")

    def process(self) -> None:
        for job in self.chosen_jobs():
            if not self.should_process(f"{job.Name} (Id {job.Id})", "Stop-Job"):
                continue
            job.stop()
            if self.PassThru:
                self.write_output(job)


@cmdlet(
    "Remove-Job", aliases=("rjb",), default_set="SessionIdParameterSet", supports_should_process=True,
    synopsis="Deletes a PowerShell background job.",
    description="Removes finished jobs from this shell, with their results. A job that is not finished — running, "
    "or Disconnected — is removed only with -Force, which stops it first.",
    related=("Get-Job", "Stop-Job", "Start-Job"),
    examples=[
        Example("$j = Start-Job { 1 }; Wait-Job $j > $null; Remove-Job $j; (Get-Job).Count", "Removes a job.",
                output="0"),
        Example("Get-Job | Remove-Job -Force", "Removes every job, stopping unfinished ones.", runnable=False),
    ],
)
class RemoveJob(_Selecting):
    Id = Param("int[]", position=0, mandatory=True, pipeline_by_name=True, sets=("SessionIdParameterSet",),
               help="Job Ids.")
    Command = Param("string[]", pipeline_by_name=True, sets=("Command",), help="Jobs running these commands.")
    Force = Param("switch", aliases=("F",), help="Stops and removes unfinished jobs.")

    def process(self) -> None:
        if self.is_bound("Command"):
            patterns = [to_string(c) for c in self.Command]
            jobs = [j for j in self.repository.all() if any(wildcard_match(p, j.Command.strip()) for p in patterns)]
        else:
            jobs = self.chosen_jobs()
        for job in jobs:
            if not self.should_process(f"{job.Name} (Id {job.Id})", "Remove-Job"):
                continue
            if not job.is_finished:
                if not self.Force:
                    self.write_error(self.error_record(ErrorRecord(
                        f"The command cannot remove the job with the job ID {job.Id} because the job is not finished. "
                        "To remove the job, first stop the job, or use the Force parameter.",
                        "JobObjectNotFinishedCannotBeRemoved", ErrorCategory.InvalidOperation, target=job,
                        exception_type="System.ArgumentException")))
                    continue
                job.stop()
            self.repository.remove(job)
