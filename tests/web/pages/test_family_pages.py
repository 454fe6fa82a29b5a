"""The family, categories and register on the pages, in Chinese: the child's page shows the
facts and why each category follows; a contradiction is refused naming the field and the form
keeps what was typed; a clerk's category waits for the supervisor; leaving the register; a
file without an ID number; the register's overview; the other county is refused."""

from __future__ import annotations

from casework.models import Child, ParentFact


def test_record_a_left_behind_family_and_see_why(world, as_role):
    child = world.child()
    director = as_role("child_director")
    form = director.text(f"/family/{child.id}")
    assert "家庭情况" in form and "外出务工" in form and "实际照护人" in form
    typed = {
        "expected_version": child.version,
        "parent_0_situation": "working_away", "parent_0_name": "王大",
        "parent_0_away_place": "浙江省杭州市", "parent_0_since": "2024-02-01",
        "parent_1_situation": "working_away", "parent_1_name": "李二",
        "parent_1_away_place": "广东省东莞市",
        "carer_name": "王奶奶", "carer_relation": "祖母", "subsistence": "dibao",
    }  # fmt: skip
    done = director.post(f"/family/{child.id}", typed)
    assert done.status_code == 302, done.get_data(as_text=True)
    page = director.text(f"/children/{child.id}")
    assert "留守儿童" in page and "父母双方均外出务工。" in page
    assert "家庭困境" in page and "家庭享受低保或特困供养。" in page
    assert "浙江省杭州市" in page and "王奶奶" in page
    assert "联系卡" in page and "尚无联系记录" in page
    director.post(f"/family/{child.id}/contacts", {"role": "father", "contacted_on": "2026-03-01",
                                                   "how": "视频"})  # fmt: skip
    assert "最近联系 2026-03-01" in director.text(f"/children/{child.id}")
    assert [p.away_place for p in ParentFact.select().order_by(ParentFact.id)] == [
        "浙江省杭州市", "广东省东莞市"]  # fmt: skip


def test_a_contradiction_names_the_field_and_keeps_what_was_typed(world, as_role):
    child = world.child()
    director = as_role("child_director")
    typed = {"expected_version": child.version, "parent_0_situation": "working_away",
             "parent_0_name": "王大", "parent_1_situation": "deceased", "carer_parent": "mother",
             "carer_name": "李二"}  # fmt: skip
    refused = director.post(f"/family/{child.id}", typed)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "请填写务工地点。" in html and "不能作为照护人" in html
    assert 'value="王大"' in html and 'value="李二"' in html
    assert Child.get_by_id(child.id).version == child.version


def test_a_clerks_category_waits_for_the_supervisor(world, as_role):
    child = world.child(disabilities=())
    director = as_role("child_director")
    director.get(f"/children/{child.id}")
    director.post(f"/family/{child.id}/categories", {"category": "temporary",
                  "reason": "县定：父亲重病住院", "expected_version": child.version})  # fmt: skip
    page = director.text(f"/children/{child.id}")
    assert "其他困难（县定）" in page and "待督导员复核" in page
    supervisor = as_role("child_supervisor")
    assert child.name in supervisor.text("/family/register")
    supervisor.get(f"/children/{child.id}")
    version = Child.get_by_id(child.id).version
    decided = {"decision": "confirm", "reason": "核实", "expected_version": version}
    supervisor.post(f"/family/{child.id}/categories/temporary/review", decided)
    assert "待督导员复核" not in supervisor.text(f"/children/{child.id}")


def test_leave_the_register_on_a_page(world, as_role):
    child = world.child()
    director = as_role("child_director")
    page = director.text(f"/children/{child.id}")
    assert "在册" in page and "迁出本县" in page
    form = director.text(f"/family/{child.id}/register/leave_moved_out")
    assert world.b.county.name in form and world.a.county.name not in form.split("迁入县")[1]
    refused = director.post(f"/family/{child.id}/register/leave_moved_out",
                            {"left_on": "2030-01-01", "moved_to": "贵州", "expected_version":
                             child.version})  # fmt: skip
    assert refused.status_code == 422 and 'value="贵州"' in refused.get_data(as_text=True)
    moved = {"left_on": "2026-02-20", "moved_to": "贵州省某县", "to_county_id": world.b.county.id,
             "expected_version": child.version}  # fmt: skip
    done = director.post(f"/family/{child.id}/register/leave_moved_out", moved)
    assert done.status_code == 302
    page = director.text(f"/children/{child.id}")
    assert "已退出名册" in page and "贵州省某县" in page
    assert "重新纳入名册" not in page  # the director may not put a child back on
    overview = as_role("case_worker", world.b).text("/family/register")
    assert child.name in overview and "接收档案" in overview


def test_a_file_without_an_id_number(world, as_role):
    clerk = as_role("intake_clerk")
    refused = clerk.post("/family/without-id", {"name": "无名男童", "sex": "M"})
    assert refused.status_code == 422 and 'value="无名男童"' in refused.get_data(as_text=True)
    done = clerk.post("/family/without-id", {
        "name": "无名男童", "sex": "M", "birth_date": "2019-06-01",
        "place_id": world.a.villages[0].id, "description": "约7岁，左眉有疤"})  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)
    child = Child.get(Child.id_pending == True)  # noqa: E712
    page = clerk.text(f"/children/{child.id}")
    assert "暂无身份证号" in page and "左眉有疤" in page
    assert "无名男童" in clerk.text("/family/register")


def test_the_other_county_is_refused(world, as_role):
    child = world.child(world.b)
    director = as_role("case_worker")
    for url in (f"/family/{child.id}", f"/family/{child.id}/register/leave_died",
                f"/family/{child.id}/id-number"):  # fmt: skip
        assert director.get(url).status_code == 403, url
    assert child.name not in director.text("/family/register")
