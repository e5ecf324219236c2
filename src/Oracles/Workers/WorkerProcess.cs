using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// A worker process that speaks the frame protocol of PROTOCOL.md on its stdin/stdout. Requests run one
/// at a time. A worker that exits, closes stdout, writes a malformed frame, exceeds a request's time
/// limit or stalls (sends no byte for the request's silence limit) is killed, and that request and every
/// later one fail with an <see cref="OracleException"/> naming the op, the cause and the worker's stderr
/// tail (<see cref="IsRunning"/> turns false, so an owner can start a fresh worker). A request the worker itself reports as failed leaves it running.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable, IDisposable
{
    /// <summary>How many stderr lines error messages quote.</summary>
    public const int StderrLines = 40;

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private static readonly AsyncLocal<CancellationToken> interrupt = new();

    private readonly Process process;
    private readonly FrameWriter writer;
    private readonly FrameReader reader;
    private readonly StderrTail stderr = new(StderrLines);
    private readonly SemaphoreSlim gate = new(1, 1);
    private int lastId;
    private string? brokenBecause;

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
        writer = new FrameWriter(process.StandardInput.BaseStream);
        reader = new FrameReader(process.StandardOutput.BaseStream);
    }

    /// <summary>Name used in error messages, usually the binding id.</summary>
    public string Name { get; }

    /// <summary>False once the worker has exited, been killed or been disposed.</summary>
    public bool IsRunning => brokenBecause is null && !process.HasExited;

    /// <summary>Progress events of the request in flight, formatted <c>"{op}: {message}"</c>.</summary>
    public event EventHandler<string>? Progress;

    /// <summary>
    /// Ctrl-C of the command this asynchronous flow serves (the CLI sets it; it flows to the tasks the command starts):
    /// every request stops when it fires, the worker is killed and the request ends in <see cref="OperationCanceledException"/>.
    /// A binding's availability probe takes no token, so without this a worker that never answers its first request would
    /// hold the command for the probe's whole limit after Ctrl-C.
    /// </summary>
    public static CancellationToken Interrupt
    {
        get => interrupt.Value;
        set => interrupt.Value = value;
    }

    /// <summary>The last <see cref="StderrLines"/> lines the worker wrote to stderr.</summary>
    public IReadOnlyList<string> StderrTail => stderr.Lines();

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (null: this
    /// process's); environment entries with a null value are removed.
    /// </summary>
    /// <exception cref="OracleException">The executable cannot be started.</exception>
    public static WorkerProcess Start(
        string name, string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new OracleException($"{name} worker cannot start '{executable}': {e.Message}", e);
        }
        var worker = new WorkerProcess(name, process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) worker.stderr.Add(e.Data); };
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Sends one request with a single time limit; see the <see cref="RequestDeadline"/> overload.</summary>
    public Task<WorkerReply> RequestAsync(
        string op, JsonObject? args, IReadOnlyList<NamedTensor> tensors, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RequestAsync(op, args, tensors, RequestDeadline.Fixed(timeout), cancellationToken);

    /// <summary>Sends one request and waits for its final frame, raising <see cref="Progress"/> for progress frames.</summary>
    /// <exception cref="OracleException">The worker reported a failure, or it broke, timed out or stalled (then it is killed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the worker is killed
    /// because its late reply would desynchronise the stream.</exception>
    public async Task<WorkerReply> RequestAsync(
        string op, JsonObject? args, IReadOnlyList<NamedTensor> tensors, RequestDeadline deadline, CancellationToken cancellationToken = default)
    {
        using var interruptible = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Interrupt);
        cancellationToken = interruptible.Token;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (brokenBecause is not null)
                throw new OracleException($"{Name} worker cannot run '{op}': it {brokenBecause}. {stderr.Describe()}");
            return await ExchangeAsync(op, args, tensors, deadline, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<WorkerReply> ExchangeAsync(
        string op, JsonObject? args, IReadOnlyList<NamedTensor> tensors, RequestDeadline deadline, CancellationToken cancellationToken)
    {
        var id = ++lastId;
        var header = new JsonObject { ["id"] = id, ["op"] = op, ["args"] = args?.DeepClone() ?? new JsonObject() };
        using var timer = new CancellationTokenSource(deadline.Total);
        // Restarted by every byte the worker sends: a stopped or wedged worker is caught long before a long request's limit.
        var stallLimit = deadline.StallLimit ?? Timeout.InfiniteTimeSpan;
        using var silence = new CancellationTokenSource(stallLimit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token, silence.Token);
        // Pipe reads and writes do not reliably observe cancellation; killing the worker ends them.
        await using var killOnStop = stop.Token.Register(Kill);
        try
        {
            await writer.WriteAsync(new Frame(header, tensors), stop.Token);
            while (true)
            {
                var frame = await reader.ReadAsync(() => silence.CancelAfter(stallLimit), stop.Token)
                    ?? throw new EndOfStreamException("closed stdout");
                if (!(frame.Header["id"] is JsonValue replyId && replyId.TryGetValue<int>(out var got) && got == id))
                    throw new InvalidDataException($"reply id {frame.Header["id"]?.ToJsonString() ?? "missing"} does not match request id {id}");
                if (frame.Header["event"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name == "progress")
                {
                    Progress?.Invoke(this, $"{op}: {frame.Header["message"]}");
                    continue;
                }
                return ToReply(op, frame);
            }
        }
        catch (Exception e) when (e is not OracleException)
        {
            var exitedOnItsOwn = await StopAsync();
            if (cancellationToken.IsCancellationRequested && !timer.IsCancellationRequested)
            {
                brokenBecause = $"was killed because '{op}' was cancelled";
                throw new OperationCanceledException($"{Name} worker request '{op}' was cancelled", e, cancellationToken);
            }
            brokenBecause = timer.IsCancellationRequested ? $"{deadline.DescribeTimeout()} and was killed"
                : silence.IsCancellationRequested ? $"{deadline.DescribeStall()} and was killed"
                : Cause(e, exitedOnItsOwn);
            throw new OracleException($"{Name} worker failed during '{op}': it {brokenBecause}. {stderr.Describe()}", e);
        }
    }

    private WorkerReply ToReply(string op, Frame frame)
    {
        var ok = frame.Header["ok"]?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException("reply has neither a progress event nor a boolean 'ok'"),
        };
        if (!ok)
        {
            var type = frame.Header["type"]?.ToString() ?? "Error";
            var error = frame.Header["error"]?.ToString() ?? "(no error message)";
            throw new OracleException($"{Name} worker could not '{op}': {type}: {error}");
        }
        var result = frame.Header["result"] switch
        {
            JsonObject o => o,
            null => new JsonObject(),
            _ => throw new InvalidDataException("reply 'result' is not a JSON object"),
        };
        return new WorkerReply(result, frame.Tensors);
    }

    private string Cause(Exception e, bool exitedOnItsOwn) => e switch
    {
        InvalidDataException => $"wrote a malformed frame ({e.Message}) and was killed",
        _ when exitedOnItsOwn => $"exited with {ExitDescription(process.ExitCode)}",
        EndOfStreamException => $"{e.Message} and was killed",
        _ => $"broke the pipe ({e.GetType().Name}: {e.Message}) and was killed",
    };

    /// <summary>On Unix .NET reports death by signal N as exit code 128 + N.</summary>
    private static string ExitDescription(int code) =>
        code is > 128 and < 160 ? $"exit code {code} (signal {code - 128}{SignalName(code - 128)})" : $"exit code {code}";

    private static string SignalName(int signal) => signal switch
    {
        1 => ", SIGHUP",
        2 => ", SIGINT",
        6 => ", SIGABRT",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        13 => ", SIGPIPE",
        15 => ", SIGTERM",
        _ => "",
    };

    /// <summary>
    /// Ends the worker after a broken exchange and waits briefly so its exit code and stderr tail are
    /// complete. True when it had exited (or was exiting) on its own rather than being killed here.
    /// </summary>
    private async Task<bool> StopAsync()
    {
        // A worker that closed stdout is usually exiting; give it a moment so its own exit code is seen.
        await WaitForExitAsync(TimeSpan.FromMilliseconds(300));
        var exitedOnItsOwn = process.HasExited;
        Kill();
        await WaitForExitAsync(ShutdownGrace);
        return exitedOnItsOwn;
    }

    private async Task WaitForExitAsync(TimeSpan limit)
    {
        using var timer = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            // Still running (or its stderr is held open by a child); the caller kills it.
        }
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Asks the worker to shut down, then kills it if it has not exited within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await RequestAsync("shutdown", null, [], ShutdownGrace);
            }
            catch (Exception e) when (e is OracleException or OperationCanceledException)
            {
                // A worker that cannot shut down cleanly (or is interrupted while it does) is killed below.
            }
            await WaitForExitAsync(ShutdownGrace);
        }
        brokenBecause ??= "was disposed";
        Kill();
        process.Dispose();
        gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
