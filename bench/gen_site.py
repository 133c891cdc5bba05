#!/usr/bin/env python3
"""Generate a synthetic 双拥 site for build benchmarks of tongxin.

    python3 bench/gen_site.py --articles N --out DIR [--seed S]

Writes DIR/config.yaml and DIR/content/articles/00001.md … (N files), each with
front matter (title, date, categories, tags) and a Chinese body of roughly
600–1500 Han characters made from fragments below. Output is deterministic for
a given seed. Standard library only.

The text deliberately contains no phone numbers, ID numbers, unit designations
(NNNNN部队) or other things the privacy lint blocks.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import sys

CONFIG = """\
# 基准测试用网站（由 bench/gen_site.py 生成）
title: 同心双拥网（基准测试）
description: 拥军优属 拥政爱民
base_url: https://bench.example.gov.cn/
language: zh-CN
theme: default
output: public
paginate: 20
organization: 示例区双拥工作领导小组办公室
menu:
  - {name: 首页, url: /}
  - {name: 工作动态, url: /articles/}
  - {name: 光荣榜, url: /honors/}
  - {name: 双拥简报, url: /briefings/}
honors: [最美退役军人, 最美军嫂, 最美拥军人物, 最美兵妈妈, 双拥模范个人]
briefings:
  jianbao: {name: 双拥工作简报, kind: 简报, editor: 双拥办}
"""

CATEGORIES = [
    "工作动态", "基层风采", "拥军优属", "政策解读",
    "国防教育", "双拥共建", "退役军人服务", "军属优待",
]

TAGS = [
    "双拥工作", "拥军优属", "拥政爱民", "退役军人", "军人家属", "烈属", "军属",
    "光荣牌", "优待证", "八一建军节", "春节走访", "重阳节", "清明祭英烈", "烈士纪念日",
    "国防教育", "全民国防教育日", "征兵工作", "兵役登记", "双拥模范城", "双拥共建",
    "军民融合", "学雷锋", "志愿服务", "退役军人就业", "退役军人创业", "技能培训",
    "招聘会", "优抚对象", "抚恤补助", "医疗优待", "交通优待", "文旅优待", "军人子女教育",
    "随军家属就业", "安置工作", "退役军人服务站", "关爱帮扶", "走访慰问", "送喜报",
    "立功喜报", "最美退役军人", "最美军嫂", "最美兵妈妈", "拥军人物", "红色传承",
    "英烈褒扬", "烈士陵园", "军地座谈", "应急救援", "民兵", "国防动员", "法律援助",
    "心理疏导", "老兵关爱", "困难帮扶", "政策宣讲", "双拥文化", "拥军企业", "拥军商户",
    "军休干部",
]

TOWNS = [
    "城南街道", "城北街道", "河东街道", "河西街道", "新华街道", "青山镇", "白石镇",
    "桃花镇", "龙溪镇", "石门镇", "清水镇", "金竹镇", "柏林镇", "安宁镇", "永兴镇",
    "长丰镇", "红岩镇", "松林镇", "凤凰镇", "太平镇",
]

ORGS = [
    "区双拥办", "区退役军人事务局", "区人武部", "区委宣传部", "区教育委员会",
    "区卫生健康委", "区人力社保局", "区民政局", "区总工会", "团区委", "区妇联",
    "区司法局", "区交通局", "区文化旅游委",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
GIVEN = "建国军华明德志强伟红英秀兰玉梅丽萍海涛平刚勇杰磊鹏飞云霞燕芳娟静敏雪晨思远雨欣宇航成林春秋文斌永兴福安"

TITLE_TEMPLATES = [
    "{town}开展{year}年春节走访慰问退役军人活动",
    "{town}为退役军人家庭集中悬挂光荣牌",
    "{org}召开{year}年双拥工作推进会",
    "{org}组织开展“八一”建军节系列拥军活动",
    "{town}举办退役军人专场招聘会",
    "{org}开展优待证集中办理服务活动",
    "{town}组织青少年开展国防教育主题实践活动",
    "{org}深入基层宣讲拥军优属政策",
    "{town}为立功受奖军人家庭送喜报",
    "{org}举办退役军人创业就业技能培训班",
    "{town}重阳节看望慰问老退役军人",
    "{org}开展清明祭英烈活动",
    "{town}退役军人服务站开展“暖心服务”行动",
    "{org}召开军地座谈会共商双拥共建",
    "{town}组织志愿者走进军属家庭开展学雷锋活动",
    "{org}发布{year}年度“最美退役军人”事迹",
    "{town}建立军人军属困难帮扶长效机制",
    "{org}解读现役军人家属优待新规定",
    "{town}开展“兵妈妈”关爱行动",
    "{org}开展全民国防教育日集中宣传活动",
    "{town}军民共建“双拥文化长廊”建成开放",
    "{org}组织医疗专家为优抚对象义诊",
    "{town}召开新兵入伍欢送会",
    "{org}推进拥军优属示范商户创建工作",
]

HEADINGS = [
    "提高政治站位，压紧压实双拥工作责任",
    "聚焦急难愁盼，扎实做好优抚保障",
    "创新服务方式，提升退役军人服务质效",
    "深化军民共建，推动双拥工作走深走实",
    "加强宣传引导，营造爱国拥军浓厚氛围",
    "落实优待政策，让军人军属感受尊崇",
    "拓宽就业渠道，助力退役军人建功新时代",
    "弘扬英烈精神，传承红色基因",
    "夯实基层基础，健全服务保障体系",
    "强化国防教育，增强全民国防观念",
    "用心用情走访，把温暖送到家门口",
    "完善工作机制，推动拥军优属常态长效",
    "突出典型引领，凝聚崇军尚武正能量",
    "聚焦备战打仗，支持部队建设发展",
]

BOLD_POINTS = [
    "强化组织领导", "细化工作措施", "加大资金投入", "突出精准帮扶", "注重宣传引导",
    "健全工作机制", "落实优待政策", "做实走访慰问", "搭建服务平台", "深化军地协作",
    "加强队伍建设", "严格督促检查", "创新活动载体", "用好社会力量", "抓好典型培树",
]

NUMS_CN = "一二三四五六七八九十"

OPENINGS = [
    "{md}，{town}组织开展{event}，{org}有关负责同志、镇街干部和志愿者代表参加活动。",
    "{md}上午，{org}在{town}举行{event}，来自辖区的退役军人代表、军属代表和群众{people}余人参加。",
    "为深入贯彻落实党中央关于双拥工作的决策部署，{md}，{org}联合{org2}开展{event}。",
    "近日，{town}紧扣“军人军属满意”这一目标，精心组织{event}，受到广大军人军属好评。",
    "{md}，{event}在{town}启动。活动以“军爱民、民拥军，军民团结一家亲”为主题，持续一个月。",
    "新春佳节来临之际，{org}组成{n}个慰问组，分赴各镇街开展{event}，把党和政府的关怀送到军人军属心坎上。",
]

EVENTS = [
    "春节走访慰问活动", "光荣牌集中悬挂活动", "“八一”建军节拥军活动", "退役军人专场招聘会",
    "优待证集中办理活动", "国防教育主题实践活动", "拥军优属政策宣讲活动", "送喜报活动",
    "退役军人技能培训", "重阳节敬老慰问活动", "清明祭英烈活动", "军地座谈会",
    "学雷锋志愿服务活动", "“兵妈妈”关爱行动", "义诊服务活动", "新兵入伍欢送会",
]

SENTENCES = [
    "慰问组每到一户，都与军属亲切交谈，详细询问家中老人的身体状况和子女的学习情况，叮嘱他们有困难及时向组织反映。",
    "工作人员为退役军人家庭送去慰问金和米、面、油等慰问品，并把新修订的优待政策“明白卡”一一讲解清楚。",
    "在一户烈属家中，{name}同志紧握老人的双手，感谢他们为国家培养了优秀儿女，祝愿老人健康长寿、阖家幸福。",
    "{town}按照“应挂尽挂、应挂快挂”的要求，组织镇村干部登门入户，为{n}户军人家庭悬挂光荣牌，让“一块牌子”成为“一份荣誉”。",
    "悬挂光荣牌时，工作人员同步核对家庭信息，建立“一户一档”，做到底数清、情况明。",
    "活动现场设置了政策咨询、优待证办理、就业创业指导等服务台，工作人员耐心解答群众提出的问题。",
    "据统计，当天共办理优待证{n}张，解答政策咨询{n2}人次，收集意见建议{n3}条。",
    "招聘会吸引了辖区{n}家企业参加，提供岗位{n2}个，涵盖安保、物流、制造、信息技术等多个行业。",
    "现场有{n}名退役军人与用人单位达成初步就业意向，部分企业还专门为退役军人设置了优先录用岗位。",
    "培训课程包括创业政策解读、市场营销、电子商务和财务管理等内容，授课老师结合案例深入浅出地进行讲解。",
    "参训学员纷纷表示，培训内容贴近实际、针对性强，为自己下一步创业就业指明了方向。",
    "孩子们在讲解员的带领下参观国防教育展厅，认真聆听革命先辈英勇斗争的故事，接受了一次生动的爱国主义教育。",
    "活动中，同学们还学习了队列动作和应急救护知识，切身感受到人民军队的优良作风。",
    "全体人员肃立，向革命先烈默哀，少先队员代表献上亲手制作的白花，表达对英烈的崇敬和缅怀之情。",
    "志愿者们为散葬烈士墓清扫墓碑、培土植绿，做到有人看护、有人管理。",
    "座谈会上，军地双方围绕军人子女入学、随军家属就业、退役军人安置等问题深入交流，形成了一批务实举措。",
    "部队负责同志对地方党委政府长期以来给予部队建设的大力支持表示衷心感谢。",
    "{org}负责同志表示，将持续把双拥工作摆在重要位置，以更加务实的举措为部队官兵解除后顾之忧。",
    "一位军嫂说：“丈夫常年在外执行任务，街道和社区隔三岔五来看看，我们心里踏实多了。”",
    "老兵{name}激动地说：“党和政府没有忘记我们，这份关怀让我倍感温暖。”",
    "今年以来，{town}累计走访慰问军人军属和优抚对象{n}户，发放慰问金{m}万元。",
    "各镇街建立了“一月一访”联系机制，由镇村干部定期上门了解军人家庭实际困难，做到小事不出村、大事不出镇。",
    "医疗专家为优抚对象测量血压、血糖，开展健康咨询，并为行动不便的老人提供上门诊疗服务。",
    "区内{n}家医疗机构设立了军人优先窗口，为现役军人、退役军人和军属提供挂号、就诊、取药“三优先”服务。",
    "全区已有{n}家商户加入拥军优属示范商户行列，凭优待证可享受消费折扣等优惠。",
    "景区、公园对现役军人和持证退役军人实行免票或优惠，公共交通实行优先乘车。",
    "对军人子女入学，教育部门按照就近就便原则妥善安排，确保军人子女“上好学”。",
    "对随军家属就业，人力社保部门开展“一对一”就业帮扶，优先推荐适合岗位。",
    "送喜报队伍敲锣打鼓来到立功军人家中，把鲜红的喜报和立功证书送到家属手中，左邻右舍纷纷前来祝贺。",
    "新兵代表表示，一定牢记家乡人民嘱托，在部队刻苦训练、苦练本领，争取早日立功受奖。",
    "“兵妈妈”志愿服务队定期走进军人家庭，帮助打扫卫生、整理房间，陪伴老人聊天。",
    "退役军人服务站工作人员主动上门，为行动不便的老兵代办优待证、领取补助，真正让数据多跑路、老兵少跑腿。",
    "{town}把双拥工作纳入年度目标考核，定期研究解决重点难点问题，形成了党委统一领导、军地协调配合的工作格局。",
    "围绕“八一”建军节，辖区机关、企业和学校广泛开展拥军慰问、文艺演出和军事日等活动，营造了浓厚的拥军氛围。",
    "活动通过网站、公众号等平台同步宣传，累计阅读量超过{n3}万人次，社会反响良好。",
    "下一步，{org}将继续深化拓展双拥共建，推动各项优待政策落地见效，不断提升军人军属的获得感、幸福感和荣誉感。",
    "双拥工作事关国防建设和社会稳定，必须坚持军地一盘棋，把各项工作抓实抓细抓出成效。",
    "在开展工作中，各单位坚持问题导向，聚焦军人军属最关心最直接最现实的利益问题，逐项研究解决办法。",
    "通过开展活动，进一步密切了军政军民关系，巩固和发展了军政军民团结的良好局面。",
    "区退役军人事务局坚持“有温度”的服务理念，常态化开展联系退役军人工作，及时掌握思想动态和实际困难。",
    "针对部分老兵年事已高、行动不便的情况，服务站组织志愿者开展上门服务，提供送餐、代购、陪诊等帮助。",
    "为进一步规范管理，{town}对辖区优抚对象信息进行全面核查，做到数据准确、动态更新。",
    "民兵应急分队开展防汛抢险演练，进一步提升了快速反应和协同处置能力。",
    "征兵宣传走进校园，退役大学生士兵现身说法，讲述军营生活和成长经历，激发了青年学生参军报国的热情。",
    "今年春节期间，全区共为{n}户军人家庭送去春联和年画，让军人军属感受到浓浓年味。",
    "法律援助工作站为退役军人提供免费法律咨询，帮助他们依法维护自身合法权益。",
    "心理咨询师为有需要的退役军人开展心理疏导，帮助他们尽快适应社会生活。",
    "军地联合举办的双拥文艺晚会上，演员们用歌舞、小品等形式讲述军民鱼水情深的感人故事。",
]

CLOSINGS = [
    "下一步，{org}将以此次活动为契机，持续推动双拥工作创新发展，为争创全国双拥模范城贡献力量。",
    "{org}有关负责同志表示，将把拥军优属工作做在平时、落在实处，让军人成为全社会尊崇的职业。",
    "据了解，此类活动将常态化开展，切实把党和政府的关怀送到每一个军人家庭。",
    "军爱民，民拥军，军民团结一家亲。{town}将继续书写新时代军政军民团结的新篇章。",
]

TABLE_ROWS = [
    "春节走访慰问", "光荣牌悬挂", "优待证办理", "就业技能培训", "困难帮扶", "医疗义诊",
    "送喜报", "政策宣讲", "志愿服务", "法律援助",
]

HAN = re.compile(r"[\u4e00-\u9fff]")


def han_count(s):
    return len(HAN.findall(s))


class Gen:
    def __init__(self, rng):
        self.r = rng

    def name(self):
        r = self.r
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))

    def fill(self, t, ctx):
        r = self.r
        return t.format(
            town=ctx["town"],
            org=ctx["org"],
            org2=ctx["org2"],
            md=ctx["md"],
            event=ctx["event"],
            year=ctx["year"],
            name=self.name(),
            n=r.randint(8, 420),
            n2=r.randint(30, 900),
            n3=r.randint(5, 60),
            m=round(r.uniform(3, 160), 1),
            people=r.randint(5, 30) * 10,
        )

    def paragraph(self, ctx, k):
        # Sentences are drawn without replacement within one article.
        out = []
        for _ in range(k):
            if not ctx["pool"]:
                ctx["pool"] = self.r.sample(SENTENCES, len(SENTENCES))
            out.append(self.fill(ctx["pool"].pop(), ctx))
        return "".join(out)

    def table(self):
        r = self.r
        rows = r.sample(TABLE_ROWS, r.randint(3, 5))
        out = ["| 工作项目 | 覆盖户数 | 投入资金（万元） |", "| --- | ---: | ---: |"]
        for row in rows:
            out.append(f"| {row} | {r.randint(12, 680)} | {round(r.uniform(0.5, 90), 1)} |")
        return "\n".join(out)

    def body(self, ctx):
        r = self.r
        target = r.randint(600, 1400)
        parts = [self.fill(r.choice(OPENINGS), ctx)]
        closing = self.fill(r.choice(CLOSINGS), ctx)
        n_sec = r.randint(2, 5)
        headings = r.sample(HEADINGS, n_sec)
        table_at = r.randrange(n_sec) if r.random() < 0.15 else -1  # ~15 % get a table
        count = han_count(parts[0]) + han_count(closing)
        for sec in range(n_sec):
            left = n_sec - sec
            quota = (target - count) // left  # Han characters this section should add
            parts.append(f"## {NUMS_CN[sec]}、{headings[sec]}")
            count += han_count(parts[-1])
            start = count
            if quota >= 160 and r.random() < 0.3:
                points = r.sample(BOLD_POINTS, min(r.randint(2, 4), quota // 80))
                for i, p in enumerate(points):
                    parts.append(f"**{NUMS_CN[i]}是{p}。**" + self.paragraph(ctx, r.randint(1, 2)))
                    count += han_count(parts[-1])
            while count - start < quota:
                need = -(-(quota - (count - start)) // 45)  # sentences still needed, ~45 Han each
                parts.append(self.paragraph(ctx, max(1, min(r.randint(2, 4), need))))
                count += han_count(parts[-1])
            if sec == table_at:
                parts.append("主要工作情况如下表：")
                parts.append(self.table())
                count += han_count(parts[-2]) + han_count(parts[-1])
        parts.append(closing)
        return "\n\n".join(parts)

    def article(self, date):
        r = self.r
        town = r.choice(TOWNS)
        org, org2 = r.sample(ORGS, 2)
        ctx = {
            "town": town,
            "org": org,
            "org2": org2,
            "md": f"{date.month}月{date.day}日",
            "event": r.choice(EVENTS),
            "year": date.year,
            "pool": [],
        }
        title = r.choice(TITLE_TEMPLATES).format(town=town, org=org, year=date.year)
        cat = r.choice(CATEGORIES)
        tags = r.sample(TAGS, r.randint(2, 4))
        fm = [
            "---",
            "title: " + json.dumps(title, ensure_ascii=False),
            f"date: {date.isoformat()}",
            f"categories: [{cat}]",
            "tags: [" + ", ".join(tags) + "]",
            "---",
            "",
        ]
        return "\n".join(fm) + "\n" + self.body(ctx) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, required=True, help="number of articles")
    ap.add_argument("--out", required=True, help="site folder to create")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace DIR/content if it exists")
    a = ap.parse_args(argv)

    art_dir = os.path.join(a.out, "content", "articles")
    if os.path.exists(os.path.join(a.out, "content")):
        if not a.force:
            sys.exit(f"{a.out}/content already exists (use --force to replace)")
        shutil.rmtree(os.path.join(a.out, "content"))
    os.makedirs(art_dir)
    with open(os.path.join(a.out, "config.yaml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)

    rng = random.Random(a.seed)
    g = Gen(rng)
    first = datetime.date(2015, 1, 1).toordinal()
    last = datetime.date(2026, 12, 31).toordinal()
    width = max(5, len(str(a.articles)))
    total_han = 0
    for i in range(1, a.articles + 1):
        date = datetime.date.fromordinal(rng.randint(first, last))
        text = g.article(date)
        total_han += han_count(text)
        with open(os.path.join(art_dir, f"{i:0{width}d}.md"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {a.articles} articles to {art_dir} "
          f"({total_han} Han characters, avg {total_han // max(1, a.articles)})", file=sys.stderr)


if __name__ == "__main__":
    main()
