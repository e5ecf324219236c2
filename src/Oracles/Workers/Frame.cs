using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;

/// <summary>One protocol frame: a JSON header and the tensors its <c>tensors</c> list describes.</summary>
public sealed record Frame(JsonObject Header, IReadOnlyList<NamedTensor> Tensors);
