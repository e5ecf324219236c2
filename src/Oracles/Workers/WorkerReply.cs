using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;



/// <summary>The final, successful response to one request: its <c>result</c> object and result tensors.</summary>
public sealed record WorkerReply(JsonObject Result, IReadOnlyList<NamedTensor> Tensors)
{
    public NamedTensor Tensor(string name) =>
        Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new OracleException($"worker reply has no tensor '{name}' (has: {string.Join(", ", Tensors.Select(t => t.Name))})");
}
