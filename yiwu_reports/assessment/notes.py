"""Notes the assessment attaches to an indicator, in the language of the documents they appear in."""

STATED_COMPLETE = "进展表述已完成年度目标，未报具体数据"
NO_FIGURE = "进展中未报告可比数据"
PAST_CHECKPOINT = "阶段节点已过，本期无对应数据"
SHARE_OF_TARGET = "进展按占年度目标的比例填报"
ZERO_TARGET = "目标值为零，无法计算完成率"
CURRENCY_MET = "币种不一致（美元数据对人民币目标），按任何汇率均已达到"
CURRENCY_UNKNOWN = "目标与实际币种不一致，未作比较"
