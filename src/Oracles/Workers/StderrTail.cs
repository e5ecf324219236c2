namespace BindingConformance.Oracles.Workers;

/// <summary>The last lines a worker wrote to stderr, kept for error messages. Thread-safe.</summary>
public sealed class StderrTail(int capacity)
{
    private readonly Queue<string> lines = new();

    public void Add(string line)
    {
        lock (lines)
        {
            if (lines.Count == capacity) lines.Dequeue();
            lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (lines) return lines.ToArray();
    }

    /// <summary>The tail as an indented block, or a note that stderr was empty.</summary>
    public string Describe()
    {
        var tail = Lines();
        return tail.Count == 0
            ? "The worker wrote nothing to stderr."
            : $"Last {tail.Count} stderr lines:{Environment.NewLine}" + string.Join(Environment.NewLine, tail.Select(l => "  | " + l));
    }
}
