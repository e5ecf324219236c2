using System.Globalization;
using BindingConformance.IO;

namespace BindingConformance.Cli;

/// <summary>
/// Parsed <c>--name value</c> options, <c>--flag</c> switches, positional words, and the words after a lone <c>--</c>
/// (<see cref="AfterSeparator"/>, taken verbatim). Every option and word must be consumed by the command (reading
/// <see cref="Positional"/> or <see cref="AfterSeparator"/> consumes them); <see cref="EnsureAllUsed"/> turns a misspelled
/// option or a stray word into a usage error. An option is given once unless the command reads it with <see cref="Options"/>.
/// </summary>
public sealed class CommandArgs
{
    /// <summary>The word after which every word is the command's, not an option (<c>check-worker -- node worker.mjs --flag</c>).</summary>
    public const string Separator = "--";

    private readonly Dictionary<string, List<string?>> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> positional;
    private readonly IReadOnlyList<string>? afterSeparator;
    private bool positionalUsed;
    private bool afterSeparatorUsed;

    public CommandArgs(IEnumerable<string> args)
    {
        var positional = new List<string>();
        var words = args.ToArray();
        var separator = Array.IndexOf(words, Separator);
        if (separator >= 0) afterSeparator = words[(separator + 1)..];
        string? pendingName = null;
        foreach (var arg in separator >= 0 ? words[..separator] : words)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                if (pendingName is not null) Add(pendingName, null);
                var eq = arg.IndexOf('=');
                if (eq > 0) { Add(arg[2..eq], arg[(eq + 1)..]); pendingName = null; }
                else pendingName = arg[2..];
            }
            else if (pendingName is not null) { Add(pendingName, arg); pendingName = null; }
            else positional.Add(arg);
        }
        if (pendingName is not null) Add(pendingName, null);
        this.positional = positional;
    }

    /// <summary>The words that are not options; only commands that read them accept them.</summary>
    public IReadOnlyList<string> Positional
    {
        get
        {
            positionalUsed = true;
            return positional;
        }
    }

    /// <summary>The words after <c>--</c>, verbatim; null when there is no <c>--</c>.</summary>
    public IReadOnlyList<string>? AfterSeparator
    {
        get
        {
            afterSeparatorUsed = true;
            return afterSeparator;
        }
    }

    public bool Flag(string name)
    {
        if (!options.TryGetValue(name, out var values)) return false;
        used.Add(name);
        if (values.Count > 1) throw new UsageException($"--{name} given twice");
        return values[0] is null ? true : throw new UsageException($"--{name} takes no value (got '{values[0]}')");
    }

    /// <summary>The option's value, or null when it is absent; an empty value (<c>--file ''</c>) names nothing and is refused.</summary>
    public string? Option(string name)
    {
        if (!options.TryGetValue(name, out var values)) return null;
        used.Add(name);
        if (values.Count > 1) throw new UsageException($"--{name} given twice");
        return Value(name, values[0]);
    }

    /// <summary>Every value of an option that may be given several times (<c>--bindings-from A --bindings-from B</c>); each must be non-empty.</summary>
    public IReadOnlyList<string> Options(string name)
    {
        if (!options.TryGetValue(name, out var values)) return [];
        used.Add(name);
        return values.Select(v => Value(name, v)).ToArray();
    }

    public string Required(string name) => Option(name) ?? throw new UsageException($"missing required option --{name}");

    public int Int(string name, int fallback)
    {
        var text = Option(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value : throw new UsageException($"--{name} must be an integer (got '{text}')");
    }

    public double Double(string name, double fallback)
    {
        var text = Option(name);
        if (text is null) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : throw new UsageException($"--{name} must be a finite number (got '{text}')");
    }

    /// <summary>A comma-separated list of names, e.g. <c>--models LeNet1,LeNet5</c>; null when absent, never empty.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        var text = Option(name);
        if (text is null) return null;
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0 ? items : throw new UsageException($"--{name} names nothing (got '{text}')");
    }

    /// <summary>
    /// A file the command writes: what the product's output rule refuses there (a folder, a device, a FIFO, a link to
    /// nothing; <see cref="AtomicFile"/>) is a usage error before any work rather than an I/O failure after it.
    /// </summary>
    public string? OutputFile(string name)
    {
        var path = Option(name);
        return path is not null && AtomicFile.WhyNotWritable(path) is { } why ? throw new UsageException($"--{name} {why}") : path;
    }

    /// <summary>A folder the command writes into; an existing file, device or FIFO there is a usage error rather than an I/O failure later.</summary>
    public string? OutputFolder(string name)
    {
        var path = Option(name);
        if (path is null) return null;
        var kind = FileKinds.Of(path);
        if (kind == FileKind.SymbolicLink && Directory.Exists(path)) return path;
        return kind is FileKind.Missing or FileKind.Directory ? path
            : throw new UsageException($"--{name} {path} is {FileKinds.Describe(kind)}; give a folder");
    }

    /// <summary>A comma-separated list of finite numbers, e.g. <c>--x 1,2,3.5</c>.</summary>
    public double[] Numbers(string name)
    {
        var text = Required(name);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new UsageException($"--{name}: '{parts[i]}' is not a number");
            if (!double.IsFinite(values[i]))
                throw new UsageException($"--{name}: '{parts[i]}' is not a finite number");
        }
        return values;
    }

    public void EnsureAllUsed()
    {
        var unknown = options.Keys.Where(k => !used.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new UsageException($"unknown option{(unknown.Length > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        if (!positionalUsed && positional.Count > 0)
            throw new UsageException($"unexpected argument '{positional[0]}'");
        if (!afterSeparatorUsed && afterSeparator is not null)
            throw new UsageException($"unexpected '{Separator}'{(afterSeparator.Count > 0 ? $" before '{afterSeparator[0]}'" : "")}");
    }

    private static string Value(string name, string? value) => value switch
    {
        null => throw new UsageException($"--{name} needs a value"),
        "" => throw new UsageException($"--{name} is empty; give a value"),
        _ => value,
    };

    private void Add(string name, string? value)
    {
        if (!options.TryGetValue(name, out var values)) options[name] = values = [];
        values.Add(value);
    }
}
