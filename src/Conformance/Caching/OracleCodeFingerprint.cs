using System.Security.Cryptography;
using System.Text;
using BindingConformance.Oracles;

namespace BindingConformance.Caching;

/// <summary>
/// The version of the code that drives the bindings, as content: the oracle assembly (its module version id, which a
/// deterministic build changes exactly when the compiled code changes) and every worker script and binding manifest (the
/// command that starts a worker) shipped beside it. A cached training is reused only by the same code, so changing an
/// oracle, a worker or a shipped manifest retrains.
/// </summary>
public static class OracleCodeFingerprint
{
    private static readonly Lazy<string> value = new(Compute);

    private static readonly string[] ScriptPatterns = ["*.py", "*.mjs", "*.torchscript", "*.binding.json"];

    public static string Value => value.Value;

    private static string Compute()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(typeof(IBindingOracle).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var root = AppContext.BaseDirectory;
        foreach (var script in ScriptPatterns.SelectMany(p => Directory.EnumerateFiles(root, p, SearchOption.AllDirectories))
                     .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(script.Replace('\\', '/') + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, script))));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
