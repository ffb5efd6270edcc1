using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;

namespace CustomerRetention.Application.Alerts;

public sealed class AlertMappingProfile : Profile
{
    public AlertMappingProfile()
    {
        // A JSON document is a value here: AutoMapper would otherwise copy it member by member
        // as a dictionary, re-parenting nodes that already have one.
        CreateMap<JsonObject, JsonObject>().ConvertUsing(source => source);
        CreateMap<AlertRule, AlertRuleDto>()
            .ForMember(d => d.Params, o => o.MapFrom(r => JsonNode.Parse(r.Params, null, default)!.AsObject()))
            .ForMember(d => d.Scope, o => o.MapFrom(r => JsonSerializer.Deserialize<AlertScopeFields>(r.Scope, ApiJson.Options)))
            .ForMember(d => d.Severity, o => o.MapFrom(r => JsonSerializer.Deserialize<AlertSeverityFields>(r.Severity, ApiJson.Options)))
            .ForMember(d => d.ActionsOnOpen, o => o.MapFrom(r => JsonSerializer.Deserialize<List<AlertActionFields>>(r.ActionsOnOpen, ApiJson.Options)));
        CreateMap<Alert, AlertDto>()
            .ForMember(d => d.Evidence, o => o.MapFrom(a => JsonNode.Parse(a.Evidence, null, default)!.AsObject()));
        CreateMap<AlertHistoryEntry, AlertHistoryDto>();
        CreateMap<AlertEvaluation, AlertEvaluationDto>()
            .ForMember(d => d.Figures, o => o.MapFrom(e => e.Figures == null ? null : JsonSerializer.Deserialize<AlertFiguresDto>(e.Figures, ApiJson.Options)));
    }
}
