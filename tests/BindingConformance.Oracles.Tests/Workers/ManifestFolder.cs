using System.Text.Json.Nodes;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>A temporary folder of binding manifests written by a test, removed with it.</summary>
public sealed class ManifestFolder : IDisposable
{
    /// <summary>The fields every worker's hello declares, for <c>declaring_worker.py</c> to answer with.</summary>
    public static readonly JsonObject ValidHello = new()
    {
        ["protocol"] = "1.0", ["binding"] = "declaring", ["version"] = "0.1", ["framework"] = "pytorch", ["language"] = "python",
        ["devices"] = new JsonArray("cpu"), ["can_train"] = false, ["models"] = new JsonArray("LeNet1"),
        ["load_formats"] = new JsonArray("safetensors"),
    };

    public string Path { get; } = Directory.CreateTempSubdirectory("manifests-").FullName;

    public static string DeclaringWorker => System.IO.Path.Combine(AppContext.BaseDirectory, "Workers", "declaring_worker.py");

    /// <summary>Writes <paramref name="json"/> as <c>{name}.binding.json</c> and returns its path.</summary>
    public string Write(string name, string json)
    {
        var file = System.IO.Path.Combine(Path, name + Oracles.Workers.BindingManifest.FileSuffix);
        File.WriteAllText(file, json);
        return file;
    }

    /// <summary>A manifest of <c>declaring_worker.py</c> answering <paramref name="hello"/>, with <paramref name="fields"/> added or replaced.</summary>
    public string Declaring(string id, JsonObject hello, JsonObject? fields = null)
    {
        var manifest = new JsonObject
        {
            ["binding"] = id, ["framework"] = "pytorch", ["language"] = "python", ["executable"] = "/usr/bin/python3",
            ["arguments"] = new JsonArray(DeclaringWorker, hello.ToJsonString()), ["install_hint"] = "see the test",
        };
        foreach (var (key, value) in fields ?? []) manifest[key] = value?.DeepClone();
        return Write(id, manifest.ToJsonString());
    }

    /// <summary><see cref="ValidHello"/> with <paramref name="changes"/> (a null value removes a field).</summary>
    public static JsonObject Hello(JsonObject? changes = null)
    {
        var hello = (JsonObject)ValidHello.DeepClone();
        foreach (var (key, value) in changes ?? [])
            if (value is null) hello.Remove(key);
            else hello[key] = value.DeepClone();
        return hello;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
