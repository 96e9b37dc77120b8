// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {DvPBase} from "./DvPBase.sol";
import {DvP} from "../../src/dvp/DvP.sol";
import {IDvP} from "../../src/interfaces/IDvP.sol";
import {Token} from "../../src/token/Token.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";

/// @dev Drives the DvP (create, take, cancel, release), time, payment approvals and the asset's agent (forced
/// transfers, freezes, pause) among five wallets: three compliant investors (the first three actors), one in a
/// country the asset does not allow, one unregistered. Every DvP call snapshots both tokens' balances of every wallet and of the DvP before and
/// after, and counts what must never happen: a settlement that moved one leg without the other or by another amount,
/// any move by a DvP call that did not settle, a settlement of an offer that was not takeable by that buyer.
contract DvPHandler is CommonBase, StdCheats, StdUtils {
    DvP internal dvp;
    Token internal token;
    TestUSD internal usd;
    address internal agent;
    address[] internal actors;

    // Ghost offers: the terms as created, and whether the handler saw them close.
    mapping(uint256 id => address) internal sellerOf;
    mapping(uint256 id => address) internal buyerOf;
    mapping(uint256 id => uint256) internal amountOf;
    mapping(uint256 id => uint256) internal priceOf;
    mapping(uint256 id => uint64) internal expiryOf;
    mapping(uint256 id => IDvP.OfferStatus) public ghostStatus;
    mapping(address seller => uint256) public openSum;
    mapping(address seller => bool) public agentTookLocked;
    uint256[] internal openIds;
    mapping(uint256 id => uint256) internal openIndex; // position in openIds + 1

    uint256 public ghostOffers;
    uint256 public settlements;
    uint256 public oneLegOrWrongAmount; // a settlement whose legs do not match the offer's terms
    uint256 public strayMoves; // a DvP call that moved balances without settling
    uint256 public wrongSettlements; // a settlement of an offer that was not takeable by its taker
    uint256 public paidTotal; // payment-token base units paid through settlements
    uint256 public deliveredTotal; // token base units delivered through settlements

    constructor(DvP dvp_, Token token_, TestUSD usd_, address agent_, address[] memory actors_) {
        dvp = dvp_;
        token = token_;
        usd = usd_;
        agent = agent_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    // ------------------------------------------------------------------ DvP actions

    function createOffer(uint256 sellerSeed, uint256 buyerSeed, uint256 amount, uint256 price, uint256 life) external {
        address seller = _actor(sellerSeed);
        // One in six offers is open to any buyer.
        address buyer = buyerSeed % 6 == 5 ? address(0) : _actor(buyerSeed);
        amount = bound(amount, 0, token.balanceOf(seller) + 1);
        price = bound(price, 0, 300_000e6);
        uint64 expiry = uint64(block.timestamp + bound(life, 0, 3 days));
        uint256[] memory before = _snapshot();
        vm.prank(seller);
        try dvp.createOffer(address(token), amount, address(usd), price, buyer, expiry) returns (uint256 id) {
            ++ghostOffers;
            sellerOf[id] = seller;
            buyerOf[id] = buyer;
            amountOf[id] = amount;
            priceOf[id] = price;
            expiryOf[id] = expiry;
            ghostStatus[id] = IDvP.OfferStatus.Open;
            openSum[seller] += amount;
            openIds.push(id);
            openIndex[id] = openIds.length;
        } catch {}
        _expectNoMove(before);
    }

    function takeOffer(uint256 idSeed, uint256 buyerSeed) external {
        uint256 id = _id(idSeed);
        // Mostly a buyer who may take it (the named buyer, else a compliant investor other than the seller); one
        // time in four any wallet.
        address buyer = _actor(buyerSeed / 4);
        if (buyerSeed % 4 != 0) {
            buyer = buyerOf[id] != address(0) ? buyerOf[id] : actors[(buyerSeed / 4) % 3];
            if (buyer == sellerOf[id]) buyer = actors[((buyerSeed / 4) + 1) % 3];
        }
        bool takeable = ghostStatus[id] == IDvP.OfferStatus.Open && block.timestamp < expiryOf[id]
            && (buyerOf[id] == address(0) || buyerOf[id] == buyer) && buyer != sellerOf[id];
        uint256[] memory before = _snapshot();
        vm.prank(buyer);
        try dvp.takeOffer(id) {
            if (!takeable) ++wrongSettlements;
            _expectSettlement(before, id, buyer);
            _closed(id, IDvP.OfferStatus.Taken);
        } catch {
            _expectNoMove(before);
        }
    }

    function cancelOffer(uint256 idSeed, uint256 callerSeed) external {
        uint256 id = _id(idSeed);
        // The agent, then the seller (most calls), then anyone.
        address caller = callerSeed % 4 == 0 ? agent : callerSeed % 4 == 1 ? _actor(callerSeed / 4) : sellerOf[id];
        uint256[] memory before = _snapshot();
        vm.prank(caller);
        try dvp.cancelOffer(id) {
            _closed(id, IDvP.OfferStatus.Cancelled);
        } catch {}
        _expectNoMove(before);
    }

    function releaseExpired(uint256 idSeed) external {
        uint256 id = _id(idSeed);
        uint256[] memory before = _snapshot();
        try dvp.releaseExpired(id) {
            _closed(id, IDvP.OfferStatus.Released);
        } catch {}
        _expectNoMove(before);
    }

    // ------------------------------------------------------------------ the world around it

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 0, 12 hours));
    }

    function approve(uint256 actorSeed, uint256 amount) external {
        vm.prank(_actor(actorSeed));
        usd.approve(address(dvp), bound(amount, 0, 1_000_000e6));
    }

    /// @dev Agent moves may take locked tokens (unfrozen, then frozen, then locked): the ghost notes the seller.
    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        uint256 lockedBefore = token.getLockedTokens(from);
        vm.prank(agent);
        try token.forcedTransfer(from, _actor(toSeed), amount) {
            if (token.getLockedTokens(from) < lockedBefore) agentTookLocked[from] = true;
        } catch {}
    }

    /// @dev The agent's stops, rarely on: seed % 8 == 0 freezes a wallet, == 1 pauses; otherwise it unfreezes that
    /// wallet and unpauses, so that most sequences can still settle.
    function agentStop(uint256 actorSeed, uint256 seed) external {
        address wallet = _actor(actorSeed);
        vm.startPrank(agent);
        token.setAddressFrozen(wallet, seed % 8 == 0);
        bool pause = seed % 8 == 1;
        if (pause != token.paused()) {
            if (pause) token.pause();
            else token.unpause();
        }
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ helpers

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev Mostly an offer the ghost sees open, else any id from 1 to one past the last.
    function _id(uint256 seed) internal view returns (uint256) {
        if (seed % 4 != 0 && openIds.length != 0) return openIds[(seed / 4) % openIds.length];
        return bound(seed, 1, dvp.offerCount() + 1);
    }

    function _closed(uint256 id, IDvP.OfferStatus status) internal {
        ghostStatus[id] = status;
        uint256 index = openIndex[id] - 1;
        uint256 last = openIds[openIds.length - 1];
        openIds[index] = last;
        openIndex[last] = index + 1;
        openIds.pop();
        openIndex[id] = 0;
        address seller = sellerOf[id];
        openSum[seller] -= amountOf[id];
        if (openSum[seller] == 0) agentTookLocked[seller] = false; // nothing of the DvP's is locked any more
    }

    /// @dev Token balances of every actor and of the DvP, then payment-token balances likewise.
    function _snapshot() internal view returns (uint256[] memory s) {
        uint256 n = actors.length;
        s = new uint256[](2 * (n + 1));
        for (uint256 i; i < n; ++i) {
            s[i] = token.balanceOf(actors[i]);
            s[n + 1 + i] = usd.balanceOf(actors[i]);
        }
        s[n] = token.balanceOf(address(dvp));
        s[2 * n + 1] = usd.balanceOf(address(dvp));
    }

    function _expectNoMove(uint256[] memory before) internal {
        uint256[] memory afterwards = _snapshot();
        for (uint256 i; i < before.length; ++i) {
            if (afterwards[i] != before[i]) {
                ++strayMoves;
                return;
            }
        }
    }

    /// @dev Exactly: buyer -price and seller +price in the payment token, seller -amount and buyer +amount in the
    /// asset, nothing else (the DvP included).
    function _expectSettlement(uint256[] memory before, uint256 id, address buyer) internal {
        ++settlements;
        paidTotal += priceOf[id];
        deliveredTotal += amountOf[id];
        uint256 n = actors.length;
        for (uint256 i; i < n; ++i) {
            before[i] = _applied(before[i], actors[i], sellerOf[id], buyer, amountOf[id]);
            before[n + 1 + i] = _applied(before[n + 1 + i], actors[i], buyer, sellerOf[id], priceOf[id]);
        }
        uint256[] memory afterwards = _snapshot();
        for (uint256 i; i < before.length; ++i) {
            if (afterwards[i] != before[i]) {
                ++oneLegOrWrongAmount;
                return;
            }
        }
    }

    function _applied(uint256 balance, address who, address from, address to, uint256 value)
        internal
        pure
        returns (uint256)
    {
        if (who == from) return balance - value;
        if (who == to) return balance + value;
        return balance;
    }

    /// @dev For the invariant: each ghost status equals the DvP's.
    function statusMismatches() external view returns (uint256 count) {
        uint256 n = dvp.offerCount();
        for (uint256 id = 1; id <= n; ++id) {
            if (dvp.getOffer(id).status != ghostStatus[id]) ++count;
        }
    }
}

/// @dev DvP never moves one leg without the other; locked totals follow the open offers; the DvP holds nothing.
/// forge-config: default.invariant.depth = 64
/// forge-config: ci.invariant.runs = 96
/// forge-config: ci.invariant.depth = 48
contract DvPInvariantTest is DvPBase {
    DvPHandler internal handler;
    uint256 internal usdTotal;
    uint256 internal tokenTotal;

    function setUp() public override {
        super.setUp();
        address[] memory actors = new address[](5);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = carol;
        actors[3] = eve; // registered in Japan: the asset does not allow it
        actors[4] = dave; // unregistered
        vm.startPrank(issuer);
        token.mint(bob, HOLDING);
        token.mint(carol, HOLDING);
        usd.mint(eve, USD_FUNDS);
        usd.mint(dave, USD_FUNDS);
        vm.stopPrank();
        for (uint256 i; i < actors.length; ++i) {
            vm.prank(actors[i]);
            usd.approve(address(dvp), type(uint256).max);
        }
        usdTotal = usd.totalSupply();
        tokenTotal = token.totalSupply();

        handler = new DvPHandler(dvp, token, usd, issuer, actors);
        targetContract(address(handler));
        excludeSender(address(dvp));
    }

    function invariant_settlementMovesBothLegsExactly() public view {
        assertEq(handler.oneLegOrWrongAmount(), 0, "a settlement moved one leg without the other, or other amounts");
        assertEq(handler.wrongSettlements(), 0, "an offer settled that was not takeable by its taker");
    }

    function invariant_noMoveWithoutSettlement() public view {
        assertEq(handler.strayMoves(), 0, "a DvP call moved balances without settling");
    }

    function invariant_dvpHoldsNothing() public view {
        assertEq(token.balanceOf(address(dvp)), 0, "asset tokens in the DvP");
        assertEq(usd.balanceOf(address(dvp)), 0, "payment tokens in the DvP");
        assertEq(usd.allowance(address(dvp), address(dvp)), 0);
    }

    /// @dev Locked tokens are exactly the open offers' amounts, except where an agent move took some: then fewer.
    function invariant_lockedEqualsOpenOffers() public view {
        for (uint256 i; i < handler.actorCount(); ++i) {
            address a = handler.actor(i);
            uint256 locked = token.getLockedTokens(a);
            uint256 open = handler.openSum(a);
            if (handler.agentTookLocked(a)) assertLe(locked, open, "more locked than offered");
            else assertEq(locked, open, "locked differs from open offers");
            assertLe(locked, token.balanceOf(a), "locked above balance");
        }
    }

    function invariant_statusesFollowTheGhost() public view {
        assertEq(handler.statusMismatches(), 0, "an offer's status differs from what its calls did");
        assertEq(dvp.offerCount(), handler.ghostOffers(), "offer count");
    }

    /// @dev Neither token is created or destroyed by trading; the payment that moved equals the settlements' prices.
    function invariant_suppliesConserved() public view {
        assertEq(usd.totalSupply(), usdTotal);
        assertEq(token.totalSupply(), tokenTotal);
        uint256 sum;
        for (uint256 i; i < handler.actorCount(); ++i) {
            sum += usd.balanceOf(handler.actor(i));
        }
        assertEq(sum, usdTotal, "payment tokens outside the investors' wallets");
    }
}
