using System.Text.Json;
using System.Text.RegularExpressions;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// Reads a binding manifest (PROTOCOL.md, "Manifests"), treating every field as hostile input. A file that names no valid
/// binding id is a <see cref="BindingManifestException"/>; any other fault (a missing field, a wrong type, an unknown
/// field) is kept as the manifest's <see cref="BindingManifest.Problem"/>, so the binding is reported absent with that
/// reason rather than failing the whole run.
/// </summary>
public static partial class BindingManifestReader
{
    /// <summary>Larger than any manifest needs; a bigger file is not read.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly string[] KnownFields =
    [
        "binding", "description", "framework", "language", "default", "executable", "executable_variable", "arguments",
        "environment", "working_directory", "install_hint", "packages", "threads", "releases",
    ];

    /// <summary>Every <c>*.binding.json</c> in the folders directly under <paramref name="folder"/>, ordered by binding id.</summary>
    public static IReadOnlyList<BindingManifest> ReadAllUnder(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder)
                .SelectMany(dir => Directory.EnumerateFiles(dir, "*" + BindingManifest.FileSuffix))
                .Select(Read)
                .OrderBy(m => m.Id, StringComparer.Ordinal)
                .ToArray()
            : [];

    /// <exception cref="BindingManifestException">The file cannot be read, is not a JSON object, or has no valid <c>binding</c> id.</exception>
    public static BindingManifest Read(string path)
    {
        var file = Path.GetFullPath(path);
        JsonElement root;
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists) throw new BindingManifestException($"binding manifest {file} does not exist");
            if (info.Length > MaxBytes) throw new BindingManifestException($"binding manifest {file} is {info.Length} bytes; a manifest is at most {MaxBytes}");
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BindingManifestException($"binding manifest {file} is not valid JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException and not BindingManifestException or UnauthorizedAccessException)
        {
            throw new BindingManifestException($"binding manifest {file} cannot be read: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new BindingManifestException($"binding manifest {file} is not a JSON object");
        var id = root.TryGetProperty("binding", out var binding) && binding.ValueKind == JsonValueKind.String ? binding.GetString()! : null;
        if (id is null) throw new BindingManifestException($"binding manifest {file} has no string 'binding' (the binding id)");
        if (id.Contains('@', StringComparison.Ordinal))
            throw new BindingManifestException($"binding manifest {file}: binding id '{id}' holds '@', which separates a release; name releases under 'releases'");
        try
        {
            PathSafeName.CheckBindingId(id);
        }
        catch (ArgumentException e)
        {
            throw new BindingManifestException($"binding manifest {file}: {e.Message}", e);
        }
        return new Fields(root, id, file).Manifest();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex VariableName();

    /// <summary>Reads one manifest's fields, keeping the first fault as the problem and a harmless default in its place.</summary>
    private sealed class Fields(JsonElement root, string id, string file)
    {
        private readonly List<string> problems = [];

        public BindingManifest Manifest()
        {
            foreach (var unknown in root.EnumerateObject().Select(p => p.Name).Where(n => !KnownFields.Contains(n)))
                problems.Add($"unknown field '{unknown}' (known: {string.Join(", ", KnownFields)})");
            var framework = Name("framework");
            var language = Name("language");
            var isDefault = Bool(root, "default");
            var executable = String(root, "executable", required: true) ?? "";
            var variable = String(root, "executable_variable");
            if (variable is not null && !VariableName().IsMatch(variable))
                problems.Add($"'executable_variable' must name an environment variable (letters, digits and '_'), got '{variable}'");
            var arguments = Strings(root, "arguments");
            var environment = Environment();
            var workingDirectory = String(root, "working_directory");
            var installHint = String(root, "install_hint");
            var packages = String(root, "packages");
            var threads = Threads();
            var releases = Releases();
            if (packages is null && arguments.Append(executable).Concat(environment.Values.OfType<string>()).Append(workingDirectory ?? "")
                    .Any(text => text.Contains("{packages}", StringComparison.Ordinal)))
                problems.Add("'{packages}' is used but the manifest declares no 'packages' folder");
            if (releases is not null && packages is null)
                problems.Add("'releases' needs a 'packages' folder for the worker to load each release from");
            return new BindingManifest(id, file, framework, language, isDefault, executable, variable, arguments, environment,
                workingDirectory, installHint, packages, threads, releases, problems.Count == 0 ? null : string.Join("; ", problems));
        }

        private string Name(string key)
        {
            var value = String(root, key, required: true);
            if (value is null) return "unknown";
            if (PathSafeName.IsSafe(value)) return value;
            problems.Add($"'{key}' must be a plain name (letters, digits, '.', '_' and '-'), got '{value}'");
            return "unknown";
        }

        private string? String(JsonElement owner, string key, bool required = false, string where = "")
        {
            if (!owner.TryGetProperty(key, out var value))
            {
                if (required) problems.Add($"'{where}{key}' is missing");
                return null;
            }
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text) return text;
            problems.Add($"'{where}{key}' must be a non-empty string, got {Describe(value)}");
            return null;
        }

        private bool Bool(JsonElement owner, string key)
        {
            if (!owner.TryGetProperty(key, out var value)) return false;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            problems.Add($"'{key}' must be true or false, got {Describe(value)}");
            return false;
        }

        private IReadOnlyList<string> Strings(JsonElement owner, string key, string where = "")
        {
            if (!owner.TryGetProperty(key, out var value)) return [];
            if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String))
                return value.EnumerateArray().Select(item => item.GetString()!).ToArray();
            problems.Add($"'{where}{key}' must be a list of strings, got {Describe(value)}");
            return [];
        }

        private IReadOnlyDictionary<string, string?> Environment()
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (!root.TryGetProperty("environment", out var value)) return environment;
            if (value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"'environment' must be an object of variable names to strings (or null to remove one), got {Describe(value)}");
                return environment;
            }
            foreach (var variable in value.EnumerateObject())
            {
                if (!VariableName().IsMatch(variable.Name))
                    problems.Add($"'environment' names '{variable.Name}', which is not an environment variable name");
                else if (variable.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                    environment[variable.Name] = variable.Value.ValueKind == JsonValueKind.Null ? null : variable.Value.GetString();
                else
                    problems.Add($"'environment.{variable.Name}' must be a string or null, got {Describe(variable.Value)}");
            }
            return environment;
        }

        private ThreadsArgument? Threads()
        {
            if (!root.TryGetProperty("threads", out var value)) return null;
            if (value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"'threads' must be an object {{\"argument\": \"--threads\", \"count\": 1}}, got {Describe(value)}");
                return null;
            }
            var argument = String(value, "argument", required: true, where: "threads.");
            int? count = null;
            if (value.TryGetProperty("count", out var countValue))
            {
                if (countValue.ValueKind == JsonValueKind.Number && countValue.TryGetInt32(out var n) && n > 0) count = n;
                else problems.Add($"'threads.count' must be a positive integer, got {Describe(countValue)}");
            }
            return argument is null ? null : new ThreadsArgument(argument, count);
        }

        private NpmReleases? Releases()
        {
            if (!root.TryGetProperty("releases", out var value)) return null;
            if (value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"'releases' must be an object {{\"npm\": [packages], \"versions\": [versions]}}, got {Describe(value)}");
                return null;
            }
            var packages = Strings(value, "npm", "releases.");
            if (packages.Count == 0) problems.Add("'releases.npm' must list the npm packages of one release");
            var versions = Strings(value, "versions", "releases.");
            foreach (var version in versions.Where(v => !PathSafeName.IsSafe(v)))
                problems.Add($"'releases.versions' holds '{version}', which is no exact version (letters, digits, '.', '_' and '-')");
            return new NpmReleases(packages, versions.Where(PathSafeName.IsSafe).ToArray());
        }

        private static string Describe(JsonElement value)
        {
            var json = value.GetRawText();
            var kind = value.ValueKind.ToString().ToLowerInvariant();
            return json.Length <= 40 ? $"{kind} {json}" : $"{kind} {json[..40]}…";
        }
    }
}
