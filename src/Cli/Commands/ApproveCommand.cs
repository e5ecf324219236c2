using BindingConformance.Snapshots;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance approve</c>: promotes received snapshots to approved, every one or those whose <c>{suite}/{cell}</c>
/// contains TEXT (an empty TEXT is refused: it would select everything), after checking that each is a snapshot.
/// </summary>
public sealed class ApproveCommand : ICommand
{
    public string Name => "approve";

    public string Usage => "approve [--filter TEXT] [--dir fixtures/approved]";

    public string Summary => "promote received snapshots (*.received.json) to approved, optionally filtered by suite/cell";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var filter = args.Option("filter");
        var directory = args.Option("dir");
        args.EnsureAllUsed();
        var store = directory is null ? SnapshotStore.Default : new SnapshotStore(directory);
        if (!Directory.Exists(store.Directory)) throw new UsageException($"snapshot folder {store.Directory} does not exist");

        IReadOnlyList<string> promoted;
        try
        {
            promoted = store.Approve(filter);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"{e.Message}; nothing was approved");
        }
        foreach (var name in promoted) stdout.WriteLine($"approved {name}");
        stdout.WriteLine(promoted.Count == 0
            ? $"nothing to approve: no received snapshot{(filter is null ? "" : $" matching '{filter}'")} in {store.Directory}"
            : $"{promoted.Count} snapshot{(promoted.Count == 1 ? "" : "s")} approved in {store.Directory}");
        return Task.FromResult(0);
    }
}
